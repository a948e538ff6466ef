using System.Diagnostics.Metrics;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Telemetry;

/// <summary>
/// Every instrument of the Meter <see cref="MeterName"/> (docs/operations.md lists them with their labels).
/// Recorded by the API (operations started), activities (outcomes, durations, cleanup actions) and the
/// adapters (helm commands, Kubernetes requests): never by orchestrator code, which replays. Labels are
/// bounded sets (kinds, steps, verbs, status codes), never store names or free-text reasons.
/// </summary>
public sealed class UrumiMetrics
{
    public const string MeterName = "Urumi";

    private readonly Counter<long> started;
    private readonly Counter<long> succeeded;
    private readonly Counter<long> failed;
    private readonly Histogram<double> operationDuration;
    private readonly Histogram<double> stepDuration;
    private readonly Histogram<double> helmDuration;
    private readonly Counter<long> kubernetesRequests;
    private readonly Counter<long> kubernetesRetries;
    private readonly Counter<long> kubernetesThrottled;
    private readonly Counter<long> cleanupActions;
    private readonly TimeProvider time;
    private Func<IReadOnlyList<ManagedStore>?>? stores;

    public UrumiMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.time = time;
        var meter = meters.Create(MeterName);
        started = meter.CreateCounter<long>("urumi.operations.started", "{operation}", "Store operations scheduled, by kind.");
        succeeded = meter.CreateCounter<long>("urumi.operations.succeeded", "{operation}", "Store operations that finished successfully, by kind.");
        failed = meter.CreateCounter<long>("urumi.operations.failed", "{operation}", "Store operations that failed, by kind and the step they failed in (reason).");
        operationDuration = meter.CreateHistogram<double>("urumi.operation.duration", "s", "Duration of finished store operations, by kind and outcome.");
        stepDuration = meter.CreateHistogram<double>("urumi.operation.step.duration", "s", "Duration of the timed steps of successful operations (installing, waiting-for-pods, verifying-shop), by kind and step.");
        helmDuration = meter.CreateHistogram<double>("urumi.helm.command.duration", "s", "Duration of helm commands, by command and exit code.");
        kubernetesRequests = meter.CreateCounter<long>("urumi.kubernetes.requests", "{request}", "Kubernetes API responses, by method and status code (each attempt).");
        kubernetesRetries = meter.CreateCounter<long>("urumi.kubernetes.retries", "{retry}", "Kubernetes API requests retried, by method and the status code that caused the retry.");
        kubernetesThrottled = meter.CreateCounter<long>("urumi.kubernetes.throttled", "{response}", "Kubernetes API answers 429 Too Many Requests, by method.");
        cleanupActions = meter.CreateCounter<long>("urumi.cleanup.actions", "{action}", "Actions the cleanup workflow performed, by action.");
        meter.CreateObservableGauge("urumi.stores", ObserveStores, "{store}", "Stores Urumi manages, by phase and engine, as the store cache last saw them.");
    }

    /// <param name="kind">The orchestration name (ProvisionStore, DeleteStore, BatchProvision, ...).</param>
    public void OperationStarted(string kind) => started.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>
    /// <paramref name="timing"/> with <paramref name="step"/> beginning now, for an activity that goes on into the next
    /// timed step itself (a readiness wait that verifies the shop): the step before it ends here.
    /// </summary>
    public OperationTiming StepBegins(OperationTiming timing, string step)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return timing with { Steps = [.. timing.Steps, new StepStart(step, time.GetUtcNow())] };
    }

    /// <summary>A successful operation: its total duration and the duration of each marked step.</summary>
    public void OperationSucceeded(OperationTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var now = time.GetUtcNow();
        var kind = new KeyValuePair<string, object?>("kind", timing.Kind);
        succeeded.Add(1, kind);
        operationDuration.Record(Seconds(now - timing.Started), kind, new("outcome", "succeeded"));
        for (var i = 0; i < timing.Steps.Count; i++)
        {
            var end = i + 1 < timing.Steps.Count ? timing.Steps[i + 1].Started : now;
            stepDuration.Record(Seconds(end - timing.Steps[i].Started), kind, new("step", timing.Steps[i].Step));
        }
    }

    /// <summary>A failed operation; the <c>reason</c> label is the step it failed in (a bounded set; the sentence is in the audit trail).</summary>
    public void OperationFailed(OperationTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var kind = new KeyValuePair<string, object?>("kind", timing.Kind);
        failed.Add(1, kind, new("reason", timing.FailedStep ?? "unknown"));
        operationDuration.Record(Seconds(time.GetUtcNow() - timing.Started), kind, new("outcome", "failed"));
    }

    public void HelmCommand(string command, int exitCode, TimeSpan elapsed) =>
        helmDuration.Record(Seconds(elapsed), new("command", command), new("exit_code", exitCode));

    public void KubernetesResponse(string method, int statusCode)
    {
        kubernetesRequests.Add(1, new("method", method), new("code", statusCode));
        if (statusCode == 429)
        {
            kubernetesThrottled.Add(1, new KeyValuePair<string, object?>("method", method));
        }
    }

    public void KubernetesRetry(string method, int statusCode) =>
        kubernetesRetries.Add(1, new("method", method), new("code", statusCode));

    /// <param name="action">What cleanup did: uninstall, rollback, settle.</param>
    public void CleanupAction(string action) => cleanupActions.Add(1, new KeyValuePair<string, object?>("action", action));

    /// <summary>
    /// Where the <c>urumi.stores</c> gauge reads the stores at each collection: an in-memory view (the store
    /// cache's), never a request to the cluster; null answers (no list held yet) report nothing.
    /// </summary>
    public void ObserveStores(Func<IReadOnlyList<ManagedStore>?> source) => stores = source;

    /// <summary>Every phase × engine of the catalog, zeros included (a gauge that drops a series reads as stale, not as zero), plus any other pair seen.</summary>
    private IEnumerable<Measurement<int>> ObserveStores()
    {
        if (stores?.Invoke() is not { } current)
        {
            return [];
        }

        var counts = new Dictionary<(string Phase, string Engine), int>();
        foreach (var phase in Enum.GetValues<StoreStatus>())
        {
            foreach (var engine in EngineCatalog.All)
            {
                counts[(PhaseLabel(phase), engine.Id)] = 0;
            }
        }

        foreach (var store in current)
        {
            var key = (store.Phase is { } phase ? PhaseLabel(phase) : "unknown", string.IsNullOrEmpty(store.Engine) ? "unknown" : store.Engine);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts.Select(c => new Measurement<int>(c.Value, new("phase", c.Key.Phase), new("engine", c.Key.Engine))).ToList();
    }

    private static string PhaseLabel(StoreStatus phase) => phase.ToString().ToLowerInvariant();

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);
}
