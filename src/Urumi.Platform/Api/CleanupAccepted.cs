namespace Urumi.Platform.Api;

public sealed record CleanupAccepted(string Id, bool DryRun, OperationLink Operation);
