using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <param name="Outcome">"succeeded" or "failed".</param>
public sealed record CreateOperation(string Id, string Store, string Engine, string Plan, DateTimeOffset FinishedAt, double DurationSeconds, string Outcome);
