using System.Net;
using Microsoft.DurableTask.Client;
using Urumi.Domain;
using Urumi.Platform.Cleanup;

namespace Urumi.Platform.Api;

/// <summary><c>POST /api/cleanup[?dryRun=true]</c>: starts the cleanup now, for both hosts.</summary>
public sealed class CleanupApi(CleanupLauncher launcher, Microsoft.Extensions.Options.IOptions<StoreApiOptions> options)
{
    /// <param name="dryRun">The raw query value: null or empty takes the setting; otherwise <c>true</c> or <c>false</c>.</param>
    public async Task<ApiResult> RunAsync(DurableTaskClient client, string? dryRun, Actor actor, CancellationToken cancellationToken)
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

        CleanupStart start;
        try
        {
            start = await launcher.StartAsync(client, actor, dry, cancellationToken);
        }
        catch (Grpc.Core.RpcException error) when (error.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.Internal)
        {
            return ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "The durable task hub is unavailable; try again shortly.",
                $"The task hub did not answer: {error.Status.Detail}", null, ("Retry-After", "10"));
        }

        var href = "/api/operations/" + Uri.EscapeDataString(start.InstanceId);
        if (start.Outcome == CleanupStartOutcome.AlreadyRunning)
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.OperationRunning, "A cleanup is already running.",
                "Wait for the running cleanup to finish; its progress is at the Location.", null, ("Location", href));
        }

        return ApiResult.Accepted(new CleanupAccepted(start.InstanceId, start.DryRun, new OperationLink(start.InstanceId, "cleanup", "Pending", href)), href, options.Value.RetryAfterSeconds);
    }
}

public sealed record CleanupAccepted(string Id, bool DryRun, OperationLink Operation);
