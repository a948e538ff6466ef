using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record RevisionList(string Store, IReadOnlyList<RevisionView> Revisions);
