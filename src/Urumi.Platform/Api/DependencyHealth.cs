using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record DependencyHealth(string Name, bool Healthy, string Detail);
