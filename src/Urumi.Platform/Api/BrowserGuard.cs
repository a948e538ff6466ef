using System.Net;
using Urumi.Domain;

namespace Urumi.Platform.Api;

/// <summary>
/// What keeps a web page in a browser from using the API on its visitor's behalf (docs/security.md):
/// a <c>Host</c> the server answers to (DNS rebinding), no cross-site requests (CSRF), and response
/// headers that stop sniffing and referrer leaks. Both hosts apply the same rules.
/// </summary>
public static class BrowserGuard
{
    /// <summary>Headers every response carries.</summary>
    public static IReadOnlyList<(string Name, string Value)> ResponseHeaders { get; } =
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ];

    /// <summary>
    /// Loopback names and IP literals always pass (a page can only rebind a DNS name, and
    /// <c>*.localhost</c> never leaves the machine); any other name must be listed.
    /// </summary>
    /// <param name="host">The Host header, possibly with a port.</param>
    /// <param name="allowedHosts">Further DNS names the server is reached by.</param>
    /// <param name="setting">The setting that lists them, named in the refusal.</param>
    public static ApiResult? CheckHost(string? host, IEnumerable<string> allowedHosts, string setting)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        var name = HostName(host);
        if (name is not null
            && (IPAddress.TryParse(name.Trim('[', ']'), out _)
                || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                || allowedHosts.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        return ApiResult.Problem(HttpStatusCode.BadRequest, ProblemTypes.HostNotAllowed, "This server does not answer to that host name.",
            $"Host '{host}' is not a name of this server. Use its IP address or localhost, or add the name to {setting}.");
    }

    /// <summary>
    /// A browser marks where a request comes from: <c>Sec-Fetch-Site</c> on every request and
    /// <c>Origin</c> on changes. Only the server's own pages (and tools, which send neither) may call.
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="host">The Host header.</param>
    /// <param name="origin">The Origin header, if any.</param>
    /// <param name="fetchSite">The Sec-Fetch-Site header, if any.</param>
    public static ApiResult? CheckSite(string method, string? host, string? origin, string? fetchSite)
    {
        if (fetchSite is not null && !fetchSite.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !fetchSite.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return CrossSite($"The browser marked this request as {fetchSite}.");
        }

        var changes = !(method.Equals("GET", StringComparison.OrdinalIgnoreCase) || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) || method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase));
        if (changes && origin is not null
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || !string.Equals(from.Authority, host, StringComparison.OrdinalIgnoreCase) && !string.Equals(from.Host + ":" + from.Port, host, StringComparison.OrdinalIgnoreCase)))
        {
            return CrossSite($"The request comes from the page {origin}, not from this server's own.");
        }

        return null;
    }

    private static string? HostName(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? null : host[..(end + 1)];
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? host : host[..colon];
    }

    private static ApiResult CrossSite(string why) =>
        ApiResult.Problem(HttpStatusCode.Forbidden, ProblemTypes.CrossSiteRequest, "Cross-site requests are refused.",
            why + " Call the API from the dashboard this server serves, or from a script (which sends no Origin).");
}
