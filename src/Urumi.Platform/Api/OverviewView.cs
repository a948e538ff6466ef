using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>GET /api/overview</c> (see <see cref="StoreOverview"/>).</summary>
public sealed record OverviewView(int Stores, IReadOnlyList<PhaseCount> Phases, CreateSummary Creates, IReadOnlyList<CreateOperation> Recent);
