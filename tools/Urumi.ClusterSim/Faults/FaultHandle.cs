namespace Urumi.ClusterSim.Faults;

/// <summary>Lifts its rule when disposed.</summary>
public sealed class FaultHandle(FaultSet faults, string id) : IDisposable
{
    public string Id { get; } = id;

    public void Dispose() => faults.Remove(Id);
}
