namespace Urumi.Domain.Workflows;

/// <summary>Step names as the API and dashboard show them.</summary>
public static class Steps
{
    public const string Accepted = "accepted";
    public const string Installing = "installing";
    public const string WaitingForPods = "waiting-for-pods";
    public const string VerifyingShop = "verifying-shop";
    public const string Ready = "ready";
    public const string Compensating = "compensating";
    public const string Failed = "failed";
    public const string UninstallingRelease = "uninstalling-release";
    public const string WaitingForNamespace = "waiting-for-namespace";
    public const string Deleted = "deleted";
    public const string Provisioning = "provisioning";
}
