using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// The part of flow control the resilience pipeline cannot express, so it stays hand-written: the pipeline
/// sees only <c>SendAsync</c>, and KubernetesClient asks for headers first, so an ordinary request's
/// concurrency slot would be returned before its body is read. This handler sits inside the pipeline and
/// reads the body of every non-watch response there (a watch gives its slot back when its headers
/// arrive, so long-lived streams never starve other calls). It also turns a garbled or cut response
/// into the <see cref="HttpRequestException"/> the adapter treats as transient. Every answer (each attempt,
/// 429s included) is counted in <see cref="UrumiMetrics"/>.
/// </summary>
internal sealed class KubernetesResponseHandler(UrumiMetrics? metrics = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
        metrics?.KubernetesResponse(request.Method.Method, (int)response.StatusCode);
        if (KubernetesResilience.IsWatch(request.RequestUri))
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    /// <summary>
    /// A connection cut or garbled mid-response surfaces from the HTTP stack as an IOException or even
    /// an ArgumentOutOfRangeException (status line parsing); both are network trouble, so they become
    /// <see cref="HttpRequestException"/>, which the adapter treats as transient.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ArgumentOutOfRangeException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, $"The API server's response could not be read ({error.Message}).", error);
        }
    }
}
