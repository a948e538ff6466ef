using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// What every workflow does around its steps: publish progress, write audit rows, log replay-safely.
/// The operation id combines the instance id with the run's start time, so a store provisioned
/// twice (instance ids are reused per store) gets distinct audit rows per run.
/// </summary>
internal sealed class OperationScope
{
    private readonly TaskOrchestrationContext context;
    private readonly string actor;
    private readonly DateTime started;
    private readonly List<StepStart> timed = [];
    private string lastStep = Steps.Accepted;

    public OperationScope(TaskOrchestrationContext context, string operation, string store, string actor)
    {
        this.context = context;
        this.actor = actor;
        Operation = operation;
        Store = store;
        started = context.CurrentUtcDateTime;
        OperationId = $"{context.InstanceId}@{context.CurrentUtcDateTime:yyyyMMddTHHmmssfffZ}";
    }

    public string Operation { get; }

    public string Store { get; }

    public string OperationId { get; }

    public void Report(string step, int percent, string message, IReadOnlyList<PodState>? pods = null, string? error = null)
    {
        if (step != Steps.Failed && step != Steps.Compensating)
        {
            lastStep = step;
        }

        var progress = OperationProgress.Create(Operation, Store, step, percent, message, context.CurrentUtcDateTime, pods, error);
        context.SetCustomStatus(progress);
        context.CreateReplaySafeLogger("Urumi.Workflows." + Operation).StepReached(Store, step, progress.Percent, progress.Message);
    }

    public void LogFailed(string reason) =>
        context.CreateReplaySafeLogger("Urumi.Workflows." + Operation).OperationFailed(Operation, Store, reason);

    public void LogCompensationFailed(string reason) =>
        context.CreateReplaySafeLogger("Urumi.Workflows." + Operation).CompensationFailed(Store, reason);

    /// <summary>
    /// Begins a timed step (installing, waiting-for-pods, verifying-shop: the <c>step</c> label of
    /// <c>urumi.operation.step.duration</c>) at the current orchestration time; a failure from here on is counted in it.
    /// </summary>
    public void BeginTimedStep(string step)
    {
        timed.Add(new StepStart(step, context.CurrentUtcDateTime));
        lastStep = step;
    }

    /// <summary>The operation's timing so far, for the activity that ends it; <paramref name="failed"/> names the last step reached as the failure reason.</summary>
    public OperationTiming Timing(bool failed = false) =>
        new(context.Name.Name, started, [.. timed], failed ? lastStep : null);

    /// <summary>Who and when, for the audit rows the next activity writes about its own step.</summary>
    public AuditStamp Stamp() => new(context.CurrentUtcDateTime, Store, OperationId, actor);

    /// <summary>An audit row on its own activity: for steps no activity performs (a refusal, a failure).</summary>
    public Task AuditAsync(string step, string action, AuditOutcome outcome, string? detail = null) =>
        context.CallActivityAsync<bool>(nameof(RecordAudit), Stamp().Entry(step, action, outcome, detail), RetryPolicies.Transient);
}
