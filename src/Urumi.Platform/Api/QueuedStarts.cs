using System.Threading.Channels;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Api;

/// <summary>
/// The starts this replica accepted and has yet to schedule, in memory: registered only on
/// Urumi.Server, whose background drain reads them. Losing them (a crash) loses nothing: each is
/// also pending in its store's claim, where the sweeper finds it.
/// </summary>
public sealed class QueuedStarts
{
    private readonly Channel<QueuedStart> channel = Channel.CreateUnbounded<QueuedStart>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    public ChannelReader<QueuedStart> Reader => channel.Reader;

    /// <summary>Hands <paramref name="start"/> to the drain; false once the host is stopping (the sweeper of a replica takes it).</summary>
    public bool TryEnqueue(QueuedStart start) => channel.Writer.TryWrite(start);

    /// <summary>No more starts: the host is stopping.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
