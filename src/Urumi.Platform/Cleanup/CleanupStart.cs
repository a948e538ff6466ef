namespace Urumi.Platform.Cleanup;

public sealed record CleanupStart(CleanupStartOutcome Outcome, string InstanceId, bool DryRun);
