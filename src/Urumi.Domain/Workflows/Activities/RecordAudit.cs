using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>Appends to the audit trail; the log keys rows by (operation, step) so a rerun writes nothing new.</summary>
public sealed class RecordAudit(IAuditLog audit) : TaskActivity<AuditEntry, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AuditEntry input)
    {
        await audit.RecordAsync(input, CancellationToken.None);
        return true;
    }
}
