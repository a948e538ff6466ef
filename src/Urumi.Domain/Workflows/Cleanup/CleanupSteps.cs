namespace Urumi.Domain.Workflows.Cleanup;

/// <summary>Step names of the cleanup as the API and dashboard show them.</summary>
public static class CleanupSteps
{
    public const string Scanning = "scanning";
    public const string Recovering = "recovering-releases";
    public const string Deleting = "deleting-stores";
    public const string Purging = "purging";
    public const string DryRun = "dry-run";
    public const string Finished = "finished";
}
