using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Shop;

/// <summary>
/// What every engine's shop probe shares: one <see cref="ProbeSession"/> per pass, a
/// <see cref="ProbeFailure"/> turned into a <see cref="ShopVerification"/>, no secret in the
/// outcome, and the same log lines. An engine adds only its own steps (<see cref="RunAsync"/>).
/// </summary>
public abstract class EngineShopProbe(IHttpClientFactory httpClientFactory, IOptions<ShopProbeOptions> options, ILogger logger) : IShopProbe
{
    /// <summary>Name of the <see cref="HttpClient"/> registered by <c>AddUrumiShopProbe</c>.</summary>
    public const string HttpClientName = "Urumi.Shop";

    /// <summary>The engine id (<see cref="ShopChecks.Engine"/>) this probe verifies.</summary>
    public abstract string Engine { get; }

    public async Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Host);
        ArgumentNullException.ThrowIfNull(request.Checks);

        var settings = options.Value;
        ShopProbeLog.ProbeStarting(logger, request.Host, settings.IngressAddress);
        var storeUrl = request.StoreUrl ?? new Uri($"http://{request.Host}/");
        var session = new ProbeSession(httpClientFactory.CreateClient(HttpClientName), settings, request.Host, storeUrl, logger, cancellationToken);
        ShopVerification result;
        try
        {
            result = await RunAsync(session, request.Checks, credentials);
        }
        catch (ProbeFailure failure)
        {
            result = new ShopVerification(false, failure.Retryable, failure.Step, failure.Message, failure.OrderId);
        }

        result = Redact(result, credentials);
        if (result.Passed)
        {
            ShopProbeLog.ProbePassed(logger, request.Host, result.Detail);
        }
        else if (result.Retryable)
        {
            ShopProbeLog.ProbeNotYet(logger, request.Host, result.Step, result.Detail);
        }
        else
        {
            ShopProbeLog.ProbeFailed(logger, request.Host, result.Step, result.Detail);
        }

        return result;
    }

    /// <summary>The engine's steps; a step that fails throws <see cref="ProbeFailure"/>.</summary>
    internal abstract Task<ShopVerification> RunAsync(ProbeSession session, ShopChecks checks, StoreCredentials? credentials);

    /// <summary>Every form in which a secret of the store could appear in an answer.</summary>
    internal virtual IEnumerable<string?> Secrets(StoreCredentials credentials) => [credentials.AdminPassword, credentials.ApplicationPassword];

    /// <summary>Belt and braces: no secret of the store ever leaves the probe, even if an API echoes it.</summary>
    private ShopVerification Redact(ShopVerification result, StoreCredentials? credentials)
    {
        if (credentials is null)
        {
            return result;
        }

        var detail = result.Detail;
        foreach (var secret in Secrets(credentials))
        {
            if (!string.IsNullOrEmpty(secret))
            {
                detail = detail.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return ReferenceEquals(detail, result.Detail) ? result : result with { Detail = detail };
    }
}
