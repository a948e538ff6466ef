namespace Urumi.Platform.Api;

/// <summary>
/// Stable RFC 9457 problem <c>type</c> URIs. Clients switch on these, so they never change once
/// published; the human-readable <c>detail</c> may.
/// </summary>
public static class ProblemTypes
{
    private const string Base = "https://urumi.dev/problems/";

    public const string Validation = Base + "validation";
    public const string StoreExists = Base + "store-exists";
    public const string OperationRunning = Base + "operation-running";
    public const string NotFound = Base + "not-found";
    public const string RateLimited = Base + "rate-limited";
    public const string QuotaExceeded = Base + "quota-exceeded";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string HostNotAllowed = Base + "host-not-allowed";
    public const string CrossSiteRequest = Base + "cross-site-request";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string DependencyUnavailable = Base + "dependency-unavailable";
    public const string ProvisioningFailed = Base + "provisioning-failed";
    public const string DeletionFailed = Base + "deletion-failed";
    public const string LengthRequired = Base + "length-required";
    public const string NothingToChange = Base + "nothing-to-change";
    public const string StoreNotChangeable = Base + "store-not-changeable";
}
