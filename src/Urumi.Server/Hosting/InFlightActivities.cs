using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Urumi.Server.Hosting;

/// <summary>
/// The activity work items this replica holds right now (name and orchestration instance), so a stop
/// that runs out of its grace can say which work it abandoned.
/// </summary>
/// <remarks>
/// A work item is held from the moment the activity dispatcher locks it until its result is stored
/// (<see cref="IOrchestrationService.CompleteTaskActivityWorkItemAsync"/>) or it is given back
/// (<see cref="IOrchestrationService.AbandonTaskActivityWorkItemAsync"/>). Counting only the activity
/// code's run is not enough: with storage gone the code finishes and the dispatcher then retries storing
/// the result, so the work another replica must redo is one no activity code is running for any more.
/// Hence the orchestration service the dispatchers use is observed (<see cref="Observe"/>), not the
/// activity instances.
/// </remarks>
internal sealed class InFlightActivities
{
    private readonly ConcurrentDictionary<TaskActivityWorkItem, string> held = new(ReferenceEqualityComparer.Instance);

    public int Count => held.Count;

    /// <summary>"Name (instance id)" of each held work item, sorted, for the log.</summary>
    public IReadOnlyList<string> Describe() => [.. held.Values.Order(StringComparer.Ordinal)];

    /// <summary>
    /// <paramref name="service"/> for the worker's dispatchers, noting each activity work item it hands
    /// out until it is completed or abandoned. Entities are not used by Urumi, so the wrapper does not
    /// offer <c>IEntityOrchestrationService</c> (DTFx then runs no separate entity dispatcher).
    /// </summary>
    public IOrchestrationService Observe(IOrchestrationService service) => new Observed(this, service);

    private void Hold(TaskActivityWorkItem? workItem)
    {
        if (workItem?.TaskMessage is { } message)
        {
            var name = message.Event is TaskScheduledEvent scheduled ? scheduled.Name : message.Event?.EventType.ToString();
            held[workItem] = $"{name} ({message.OrchestrationInstance?.InstanceId})";
        }
    }

    private void Release(TaskActivityWorkItem workItem) => held.TryRemove(workItem, out _);

    private sealed class Observed(InFlightActivities owner, IOrchestrationService inner) : IOrchestrationService
    {
        public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

        public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

        public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

        public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

        public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

        public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        {
            var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
            owner.Hold(workItem);
            return workItem;
        }

        public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        {
            // Only once stored: when storing fails the dispatcher abandons the work item next.
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
            owner.Release(workItem);
        }

        public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
        {
            try
            {
                await inner.AbandonTaskActivityWorkItemAsync(workItem);
            }
            finally
            {
                // Given back or not, this replica no longer works on it: its lock runs out by itself.
                owner.Release(workItem);
            }
        }

        public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

        public Task StartAsync() => inner.StartAsync();

        public Task StopAsync() => inner.StopAsync();

        public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

        public Task CreateAsync() => inner.CreateAsync();

        public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

        public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

        public Task DeleteAsync() => inner.DeleteAsync();

        public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

        public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

        public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

        public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

        public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
            inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

        public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

        public Task CompleteTaskOrchestrationWorkItemAsync(
            TaskOrchestrationWorkItem workItem,
            OrchestrationRuntimeState newOrchestrationRuntimeState,
            IList<TaskMessage> outboundMessages,
            IList<TaskMessage> orchestratorMessages,
            IList<TaskMessage> timerMessages,
            TaskMessage continuedAsNewMessage,
            OrchestrationState orchestrationState) =>
            inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

        public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

        public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }
}
