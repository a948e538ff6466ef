namespace Urumi.Platform.Kubernetes;

/// <summary>
/// The one back-off schedule of the Kubernetes adapter: 250 ms, 500 ms, 1 s, … up to 5 s. Both the HTTP
/// retry of a 429/5xx without a <c>Retry-After</c> hint and the pause before re-watching after a failed or
/// empty watch use it.
/// </summary>
internal static class KubernetesBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1 (<paramref name="attempt"/> counts from 1).</summary>
    public static TimeSpan Delay(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 16);
        var delay = First * Math.Pow(2, doublings);
        return delay < Longest ? delay : Longest;
    }
}
