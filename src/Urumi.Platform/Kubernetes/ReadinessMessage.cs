using k8s;

namespace Urumi.Platform.Kubernetes;

/// <summary>What watch loops (<see cref="WatchLoop"/>) and the re-check timer tell the single reader of a readiness wait or the store cache.</summary>
internal abstract record ReadinessMessage
{
    /// <summary>A kind was listed again: its objects replace the snapshot's.</summary>
    public sealed record Relisted(string Kind, IList<object> Items) : ReadinessMessage;

    /// <summary>One watch event.</summary>
    public sealed record Changed(WatchEventType Type, object Item) : ReadinessMessage;

    /// <summary>A watch failed in a way that is not transient (it ends a wait; the store cache starts over).</summary>
    public sealed record Fault(Exception Exception) : ReadinessMessage;

    /// <summary>Time to re-check the time-based rules and FailedCreate events.</summary>
    public sealed record Tick : ReadinessMessage
    {
        public static readonly Tick Instance = new();
    }
}
