using System.Net;
using Microsoft.DurableTask.Client;
using Urumi.Domain;
using Urumi.Platform.Cleanup;

namespace Urumi.Platform.Api;

/// <summary><c>POST /api/cleanup[?dryRun=true]</c>: starts the cleanup now, for both hosts.</summary>
public sealed class CleanupApi(CleanupLauncher launcher, ApiProblems problems, Microsoft.Extensions.Options.IOptions<StoreApiOptions> options)
{
    /// <param name="client">The task hub.</param>
    /// <param name="dryRun">The raw query value: null or empty takes the setting; otherwise <c>true</c> or <c>false</c>.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    public Task<ApiResult> RunAsync(DurableTaskClient client, string? dryRun, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => RunCoreAsync(client, dryRun, actor, cancellationToken));

    private async Task<ApiResult> RunCoreAsync(DurableTaskClient client, string? dryRun, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return ApiResult.Problem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden, "Only an admin may run the cleanup.",
                $"{actor.Name} is a member; name it in the admins setting (docs/security.md) to let it run the cleanup.");
        }

        bool? dry = null;
        if (!string.IsNullOrEmpty(dryRun))
        {
            if (!bool.TryParse(dryRun, out var parsed))
            {
                return ApiResult.Invalid(new DomainValidationException("dryRun", "dryRun must be 'true' or 'false'."));
            }

            dry = parsed;
        }

        var start = await launcher.StartAsync(client, actor, dry, cancellationToken);
        var href = ApiLinks.Operation(start.InstanceId);
        if (start.Outcome == CleanupStartOutcome.AlreadyRunning)
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.OperationRunning, "A cleanup is already running.",
                "Wait for the running cleanup to finish; its progress is at the Location.", null, ("Location", href));
        }

        return ApiResult.Accepted(new CleanupAccepted(start.InstanceId, start.DryRun, ApiLinks.OperationLink(start.InstanceId, "cleanup", "Pending")), href, options.Value.RetryAfterSeconds);
    }
}
