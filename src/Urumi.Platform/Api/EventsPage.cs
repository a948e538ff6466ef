using Urumi.Domain.Ports;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record EventsPage(IReadOnlyList<AuditEntry> Events, string? Next);
