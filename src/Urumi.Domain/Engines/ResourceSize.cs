namespace Urumi.Domain.Engines;

/// <summary>Container requests and limits in Kubernetes quantity notation.</summary>
public sealed record ResourceSize(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);
