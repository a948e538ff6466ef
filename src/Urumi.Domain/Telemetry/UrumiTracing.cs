using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Telemetry;

/// <summary>
/// The trace source <see cref="SourceName"/>: one span per activity run and one per finished operation (the
/// run), tagged with the operation id (the orchestration instance id, the audit trail's operation id) and the
/// store; never a secret. Spans start in activities only, never in orchestrator code (which replays). An
/// operation's spans run in different processes and at different times, so they share a trace by deriving its
/// ids from the operation id: the trace id and the parent span id (<see cref="RunContext"/>) are hashes of it.
/// The run span is written when the operation ends, by the activity that records its metrics, from its start.
/// </summary>
public static class UrumiTracing
{
    public const string SourceName = "Urumi";

    public const string OperationIdTag = "urumi.operation.id";

    public const string StoreTag = "urumi.store";

    public const string KindTag = "urumi.operation.kind";

    public const string OutcomeTag = "urumi.operation.outcome";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The parent of every span of operation <paramref name="operationId"/>: trace and span ids hashed from it.</summary>
    public static ActivityContext RunContext(string operationId)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(operationId), hash);
        return new ActivityContext(
            ActivityTraceId.CreateFromBytes(hash[..16]), ActivitySpanId.CreateFromBytes(hash[16..24]), ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>A span for this run of an activity (dispose it when the activity ends); null when nobody listens.</summary>
    public static Activity? Step(TaskActivityContext context, StoreName store)
    {
        ArgumentNullException.ThrowIfNull(context);
        var span = Source.StartActivity(context.Name.Name, ActivityKind.Internal, RunContext(context.InstanceId));
        span?.SetTag(OperationIdTag, context.InstanceId).SetTag(StoreTag, store.Value);
        return span;
    }

    /// <summary>The run span of a finished operation: from <see cref="OperationTiming.Started"/> to now, with its outcome.</summary>
    public static void Run(string operationId, StoreName store, OperationTiming timing, string outcome)
    {
        ArgumentNullException.ThrowIfNull(timing);
        using var span = Source.StartActivity(ActivityKind.Internal, RunContext(operationId), startTime: timing.Started, name: timing.Kind);
        span?.SetTag(OperationIdTag, operationId).SetTag(StoreTag, store.Value).SetTag(KindTag, timing.Kind).SetTag(OutcomeTag, outcome);
        if (outcome != "succeeded")
        {
            span?.SetStatus(ActivityStatusCode.Error, timing.FailedStep);
        }
    }
}
