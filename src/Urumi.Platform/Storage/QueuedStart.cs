namespace Urumi.Platform.Storage;

/// <summary>
/// An operation start that rides on its store's claim (the claim row is the outbox): the create was
/// answered 202 once the claim was written, and the orchestration is scheduled right after, off the
/// request path (<see cref="IOperationClaims.TryClaimWithStartAsync"/>).
/// </summary>
/// <param name="Store">The claimed store.</param>
/// <param name="InstanceId">The orchestration instance the claim is for.</param>
/// <param name="Orchestrator">The orchestrator to schedule.</param>
/// <param name="Input">Its input, serialized with the durable converter (no secrets are in inputs).</param>
/// <param name="AcceptedAt">When the start was accepted (the 202); an instance created since then is this start's.</param>
/// <param name="Scheduled">True once the orchestration is known to be scheduled.</param>
/// <param name="Version">The claim row's version (ETag): leases and marks are conditional on it.</param>
public sealed record QueuedStart(string Store, string InstanceId, string Orchestrator, string Input, DateTimeOffset AcceptedAt, bool Scheduled, string Version);
