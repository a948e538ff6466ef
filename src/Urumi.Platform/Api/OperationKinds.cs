using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>The <c>kind</c> of an operation link as clients read it, from its orchestration's name.</summary>
public static class OperationKinds
{
    public const string Provision = "provision";
    public const string Delete = "delete";
    public const string Batch = "batch";
    public const string Upgrade = "upgrade";
    public const string Rollback = "rollback";
    public const string BulkUpgrade = "bulk-upgrade";

    public static string Of(string orchestration) => orchestration switch
    {
        DeleteStoreWorkflow.Name => Delete,
        BatchProvisionWorkflow.Name => Batch,
        UpgradeStoreWorkflow.Name => Upgrade,
        RollbackStoreWorkflow.Name => Rollback,
        BulkUpgradeWorkflow.Name => BulkUpgrade,
        _ => Provision,
    };
}
