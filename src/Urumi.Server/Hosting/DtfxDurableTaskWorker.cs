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
    IOptionsMonitor<DurableTaskWorkerOptions> options) : DurableTaskWorker(name, factory)
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shims = new DurableTaskShimFactory(options.Get(Name), loggerFactory);
        var worker = new TaskHubWorker(
            orchestrationService,
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
            // Not forced: in-flight work items finish (or are abandoned and retried by another worker).
            await worker.StopAsync(isForced: false);
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
