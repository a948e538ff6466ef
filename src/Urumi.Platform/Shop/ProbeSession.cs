using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Urumi.Domain.Ports;
using static Urumi.Platform.Shop.ProbeText;

namespace Urumi.Platform.Shop;

/// <summary>
/// One verification pass's HTTP side, the same for every engine: each request goes to the ingress
/// with the store's host in <c>Host</c> and its own deadline, and an answer that is not a success
/// becomes a <see cref="ProbeFailure"/> worded the same way whatever the engine.
/// </summary>
internal sealed class ProbeSession(HttpClient client, ShopProbeOptions settings, string host, Uri storeUrl, ILogger logger, CancellationToken cancellationToken)
{
    public string Host => host;

    public Uri StoreUrl => storeUrl;

    public ShopProbeOptions Settings => settings;

    public ILogger Logger => logger;

    private readonly List<string> passed = [];

    /// <summary>A step passed: it is logged, and its <paramref name="summary"/> (when there is one) joins the verification's detail.</summary>
    public void Passed(string step, string? summary)
    {
        if (summary is not null)
        {
            passed.Add(summary);
        }

        ShopProbeLog.StepPassed(logger, host, step);
    }

    /// <summary>The verification of a pass whose steps all passed, saying when the settings skipped the test order.</summary>
    public ShopVerification Verified(Urumi.Domain.Engines.ShopChecks checks, long? orderId)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var detail = checks.TestOrder && !settings.PlaceTestOrder ? [.. passed, "test order skipped (Urumi:Shop:PlaceTestOrder is off)"] : passed;
        return ShopVerification.Ok(detail.Count == 0 ? "no checks requested" : string.Join(", ", detail), orderId);
    }

    /// <param name="headers">Request headers the engine's API wants (tokens, keys, authorization).</param>
    /// <param name="read">Response headers the caller wants back in <see cref="ProbeReply.Headers"/>.</param>
    public async Task<ProbeReply> SendAsync(
        string step, HttpMethod method, string path, JsonObject? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, AuthenticationHeaderValue? authorization = null, params string[] read)
    {
        using var message = new HttpRequestMessage(method, new Uri(settings.IngressAddress, path));
        message.Headers.Host = host;
        message.Headers.Authorization = authorization;
        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RequestTimeout);
        try
        {
            using var response = await client.SendAsync(message, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in read)
            {
                if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value)
                {
                    wanted[name] = value;
                }
            }

            var location = response.Headers.Location is { } l && !l.IsAbsoluteUri ? new Uri(storeUrl, l) : response.Headers.Location;
            ShopProbeLog.Response(logger, host, method.Method, path, (int)response.StatusCode);
            return new ProbeReply(response.StatusCode, location, wanted, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ProbeFailure.NotYet(step, $"{host} did not answer {method.Method} {PathOnly(path)} within {settings.RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s through the ingress at {settings.IngressAddress}.");
        }
        catch (HttpRequestException ex)
        {
            throw ProbeFailure.NotYet(step, $"Could not reach the ingress at {settings.IngressAddress} for {host}: {ex.Message}");
        }
    }

    /// <summary>
    /// The storefront answers 200 with the engine's markup (<paramref name="marker"/>). A 404 is the
    /// ingress not routing the host yet and a 5xx a shop still starting (both retried); a redirect
    /// is judged by <paramref name="redirect"/> first.
    /// </summary>
    public async Task CheckStorefrontAsync(string marker, string notThatShop, Func<string, ProbeFailure?>? redirect = null)
    {
        const string step = "storefront";
        var reply = await SendAsync(step, HttpMethod.Get, "/");
        var code = (int)reply.Status;
        if (code is >= 300 and < 400)
        {
            var location = reply.Location?.ToString() ?? "(no Location header)";
            throw redirect?.Invoke(location)
                ?? ProbeFailure.Broken(step, $"The storefront {storeUrl} redirects to {Shorten(location)} instead of showing the shop.");
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            throw ProbeFailure.NotYet(step, $"The ingress at {settings.IngressAddress} does not route {host} yet (404).");
        }

        if (IsTransient(reply.Status))
        {
            throw ProbeFailure.NotYet(step, $"The storefront {storeUrl} is not serving yet ({Describe(reply.Status)}).");
        }

        if (reply.Status != HttpStatusCode.OK)
        {
            throw ProbeFailure.Broken(step, $"The storefront {storeUrl} answered {Describe(reply.Status)} instead of 200.");
        }

        if (!reply.Body.Contains(marker, StringComparison.OrdinalIgnoreCase))
        {
            throw ProbeFailure.Broken(step, $"The storefront {storeUrl} answers but {notThatShop}");
        }
    }

    /// <summary>A 2xx passes; a transient status or a non-JSON 404 (the ingress, not the API) is retried; the rest is broken.</summary>
    public void EnsureSuccess(string step, ProbeReply reply, string what)
    {
        if ((int)reply.Status is >= 200 and < 300)
        {
            return;
        }

        if (IsTransient(reply.Status))
        {
            throw ProbeFailure.NotYet(step, $"{what} is not available yet ({Describe(reply.Status)}).");
        }

        // Both engines answer unknown API routes with a JSON error; anything else is the ingress itself.
        if (reply.Status == HttpStatusCode.NotFound && !LooksLikeJson(reply.Body))
        {
            throw ProbeFailure.NotYet(step, $"The ingress at {settings.IngressAddress} does not route {host} yet (404).");
        }

        throw ProbeFailure.Broken(step, $"{what} failed: {Describe(reply.Status)}{ApiMessage(reply.Body)}.");
    }

    /// <summary>The reply as JSON; <paramref name="hint"/> says what to check when it is not.</summary>
    public JsonDocument ParseJson(string step, ProbeReply reply, string what, string hint)
    {
        try
        {
            return JsonDocument.Parse(reply.Body);
        }
        catch (JsonException)
        {
            throw ProbeFailure.Broken(step, $"{what} at {storeUrl} did not return JSON; {hint}");
        }
    }
}
