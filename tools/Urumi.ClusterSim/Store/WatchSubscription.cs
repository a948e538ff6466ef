using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>
/// One open watch: a queue of ready-to-write event lines (<c>{"type":…,"object":…}\n</c>).
/// Objects that stop matching the selectors are reported as DELETED, ones that start matching as
/// ADDED, as the real API server does.
/// </summary>
internal sealed class WatchSubscription(ObjectStore store, ApiResource resource, string? ns, Func<JsonObject, bool> filter) : IDisposable
{
    private static readonly byte[] Middle = Encoding.UTF8.GetBytes("\",\"object\":");
    private static readonly byte[] End = Encoding.UTF8.GetBytes("}\n");
    private readonly Channel<byte[]> channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<byte[]> Reader => channel.Reader;

    /// <summary>Called under the store's lock.</summary>
    public void Offer(StoreEvent change)
    {
        if (change.Resource != resource || (ns is not null && resource.Namespaced && change.Current.Namespace != ns))
        {
            return;
        }

        var nowMatches = change.Type != "DELETED" && filter(change.Current.Node);
        var wasMatching = change.Previous is not null && filter(change.Previous.Node);
        var type = change.Type switch
        {
            "ADDED" when nowMatches => "ADDED",
            "MODIFIED" when nowMatches && wasMatching => "MODIFIED",
            "MODIFIED" when nowMatches => "ADDED",
            "MODIFIED" when wasMatching => "DELETED",
            "DELETED" when wasMatching => "DELETED",
            _ => null,
        };
        if (type is not null)
        {
            Enqueue(type, change.Current.Json);
        }
    }

    public void Enqueue(string type, byte[] json)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"" + type);
        var frame = new byte[prefix.Length + Middle.Length + json.Length + End.Length];
        prefix.CopyTo(frame, 0);
        Middle.CopyTo(frame, prefix.Length);
        json.CopyTo(frame, prefix.Length + Middle.Length);
        End.CopyTo(frame, prefix.Length + Middle.Length + json.Length);
        channel.Writer.TryWrite(frame);
    }

    public void Complete() => channel.Writer.TryComplete();

    public void Dispose()
    {
        store.Unsubscribe(this);
        Complete();
    }
}
