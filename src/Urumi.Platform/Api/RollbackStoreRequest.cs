using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>POST /api/stores/{name}/rollback</c>: the revision to return to; absent: the previous deployed one.</summary>
public sealed record RollbackStoreRequest(int? Revision);
