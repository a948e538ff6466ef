using System.Collections.Concurrent;
using DurableTask.Core;

namespace Urumi.Server.Hosting;

/// <summary>
/// The activities this replica is running right now (name and orchestration instance), so a stop that
/// runs out of its grace can say which work it abandoned.
/// </summary>
internal sealed class InFlightActivities
{
    private readonly ConcurrentDictionary<long, string> running = new();
    private long next;

    public int Count => running.Count;

    /// <summary>"Name (instance id)" of each running activity, sorted, for the log.</summary>
    public IReadOnlyList<string> Describe() => [.. running.Values.Order(StringComparer.Ordinal)];

    /// <summary>Wraps <paramref name="activity"/> so that each run is counted while it lasts.</summary>
    public TaskActivity Track(string name, TaskActivity activity) => new Tracked(this, name, activity);

    private sealed class Tracked(InFlightActivities owner, string name, TaskActivity inner) : TaskActivity
    {
        public override string Run(TaskContext context, string input) => inner.Run(context, input);

        public override async Task<string> RunAsync(TaskContext context, string input)
        {
            var key = Interlocked.Increment(ref owner.next);
            owner.running[key] = $"{name} ({context.OrchestrationInstance.InstanceId})";
            try
            {
                return await inner.RunAsync(context, input);
            }
            finally
            {
                owner.running.TryRemove(key, out _);
            }
        }
    }
}
