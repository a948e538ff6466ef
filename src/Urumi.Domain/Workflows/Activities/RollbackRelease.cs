using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

public sealed class RollbackRelease(IHelm helm) : TaskActivity<ReleaseInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        await helm.RollbackAsync(naming.Release, naming.Namespace, input.Revision, CancellationToken.None);
        return true;
    }
}
