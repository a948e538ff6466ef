using System.Globalization;

namespace Urumi.Bench;

/// <summary>
/// What a phase cost. Server: Urumi.Server itself; Helm: the helm processes it ran; Azurite: the task
/// hub and tables; Simulator: this process (the simulated cluster and the benchmark's client);
/// Tools: the baseline script with its kubectl, helm and curl.
/// </summary>
internal sealed record Usage(double Server, double Helm, double Azurite, double Simulator, double Tools, long StorageRequests, IReadOnlyDictionary<string, long> Requests)
{
    public double CpuSeconds => Server + Helm + Azurite + Simulator + Tools;

    /// <summary>Kubernetes API requests made by Urumi itself: every client but helm and kubectl.</summary>
    public long UrumiRequests => Requests
        .Where(r => !r.Key.StartsWith("helm", StringComparison.OrdinalIgnoreCase) && !r.Key.StartsWith("kubectl", StringComparison.OrdinalIgnoreCase))
        .Sum(r => r.Value);

    public static Usage operator -(Usage after, Usage before) => new(
        after.Server - before.Server,
        after.Helm - before.Helm,
        after.Azurite - before.Azurite,
        after.Simulator - before.Simulator,
        after.Tools - before.Tools,
        after.StorageRequests - before.StorageRequests,
        after.Requests.ToDictionary(r => r.Key, r => r.Value - before.Requests.GetValueOrDefault(r.Key), StringComparer.OrdinalIgnoreCase));

    /// <summary>The baseline's share: Urumi.Server and Azurite idle along while the baseline runs, which is not the baseline's cost.</summary>
    public Usage WithoutUrumi() => this with { Server = 0, Helm = 0, Azurite = 0, StorageRequests = 0 };

    public string PerStore(int stores)
    {
        string S(double seconds) => (seconds / stores).ToString("0.000", CultureInfo.InvariantCulture);
        return $"CPU {S(CpuSeconds)} s (server {S(Server)}, helm under the server {S(Helm)}, Azurite {S(Azurite)}, simulator+bench {S(Simulator)}, baseline tools {S(Tools)}), " +
            $"Urumi's Kubernetes requests {UrumiRequests / (double)stores:0.0}, storage requests {StorageRequests / (double)stores:0.0}";
    }
}
