using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace Urumi.Server.Hosting;

/// <summary>
/// Runs the tasks registered in the <see cref="DurableTaskRegistry"/> on the Durable Task Framework's
/// own dispatchers (<see cref="TaskHubWorker"/>) over the Azure Storage provider. Compared with the gRPC
/// sidecar this keeps DTFx's activity lock renewal, sub-orchestrations and multi-worker partitioning.
/// </summary>
internal sealed class DtfxDurableTaskWorker(
    string? name,
    IDurableTaskFactory factory,
    IServiceProvider services,
    IOrchestrationService orchestrationService,
    ILoggerFactory loggerFactory,
    IOptionsMonitor<DurableTaskWorkerOptions> options,
    IOptions<ServerOptions> server,
    InFlightActivities inFlight,
    ILogger<DtfxDurableTaskWorker> logger) : DurableTaskWorker(name, factory)
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shims = new DurableTaskShimFactory(options.Get(Name), loggerFactory);
        var worker = new TaskHubWorker(
            inFlight.Observe(orchestrationService),
            new Lookup<TaskOrchestration>(taskName => Factory.TryCreateOrchestrator(taskName, services, out var orchestrator)
                ? shims.CreateOrchestration(taskName, orchestrator, parent: null)
                : null),
            new Lookup<TaskActivity>(taskName => Factory.TryCreateActivity(taskName, services, out var activity)
                ? shims.CreateActivity(taskName, activity)
                : null),
            loggerFactory)
        {
            // Activity failures reach orchestrators as TaskFailedException with FailureDetails, so
            // RetryPolicy.HandleFailure can tell transient from permanent.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        await worker.StartAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopWithinGraceAsync(worker);
        }
    }

    /// <summary>
    /// Not forced: in-flight work items may finish and the partition leases are released, so another
    /// replica takes over at once. Bounded: with storage gone DTFx's own stop retries for minutes, so
    /// after the grace whatever still runs is abandoned (named in the log) and the process goes on to
    /// exit; its queue messages become visible to the other replicas after their visibility timeout.
    /// </summary>
    private async Task StopWithinGraceAsync(TaskHubWorker worker)
    {
        var grace = server.Value.ShutdownGrace;
        var stop = worker.StopAsync(isForced: false);
        try
        {
            await stop.WaitAsync(grace);
            ServerLog.StoppedWithinGrace(logger, grace);
        }
        catch (TimeoutException)
        {
            var abandoned = inFlight.Describe();
            ServerLog.AbandonedAtShutdown(logger, grace, abandoned.Count, abandoned.Count == 0 ? "none" : string.Join(", ", abandoned));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            ServerLog.StopFailed(logger, error.Message, error);
        }
    }

    /// <summary>DTFx asks for tasks by name; the registry answers.</summary>
    private sealed class Lookup<T>(Func<string, T?> create) : INameVersionObjectManager<T>
        where T : class
    {
        public void Add(ObjectCreator<T> creator) => throw new NotSupportedException("Tasks are registered through the DurableTaskRegistry.");

        public T? GetObject(string name, string? version) => create(name);
    }
}
