namespace Urumi.Testing;

/// <summary>The real helm binary, for asserting on what the product left in a cluster (each call a <see cref="HelmSession"/> of its own).</summary>
public static class Helm
{
    /// <summary>Helm with no cluster, for <c>template</c> and <c>lint</c>; shared by the chart tests for the whole run (its temporary home goes when the test process exits).</summary>
    public static HelmSession Offline { get; } = Shared();

    public static async Task<HelmOutput> RunAsync(string kubeconfig, params string[] arguments)
    {
        using var helm = new HelmSession(kubeconfig);
        return await helm.RunAsync(arguments);
    }

    /// <summary>Polls <c>helm status</c> until the release shows <paramref name="status"/>.</summary>
    public static Task WaitForStatusAsync(string kubeconfig, string release, string ns, string status, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(
            async () => (await RunAsync(kubeconfig, "status", release, "-n", ns)).Output,
            output => output.Contains("STATUS: " + status, StringComparison.Ordinal),
            $"release {release} in {ns} showing {status}",
            timeout);

    private static HelmSession Shared()
    {
        var session = new HelmSession((string?)null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => session.Dispose();
        return session;
    }
}
