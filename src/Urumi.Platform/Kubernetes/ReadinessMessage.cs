using k8s;

namespace Urumi.Platform.Kubernetes;

/// <summary>What the watch loops and the re-check timer tell the single reader of a readiness wait.</summary>
internal abstract record ReadinessMessage
{
    /// <summary>A kind was listed again: its objects replace the snapshot's.</summary>
    public sealed record Relisted(string Kind, IList<object> Items) : ReadinessMessage;

    /// <summary>One watch event.</summary>
    public sealed record Changed(WatchEventType Type, object Item) : ReadinessMessage;

    /// <summary>A watch failed in a way that ends the wait.</summary>
    public sealed record Fault(Exception Exception) : ReadinessMessage;

    /// <summary>Time to re-check the time-based rules and FailedCreate events.</summary>
    public sealed record Tick : ReadinessMessage
    {
        public static readonly Tick Instance = new();
    }
}
