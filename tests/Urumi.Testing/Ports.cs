using System.Net;
using System.Net.Sockets;

namespace Urumi.Testing;

/// <summary>Loopback ports for the servers tests start.</summary>
public static class Ports
{
    /// <summary>A loopback port nothing listens on right now (free to bind, or to be refused on).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
