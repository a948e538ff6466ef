using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Urumi.Domain;

namespace Urumi.Platform.Kubernetes;

/// <summary>Turns client failures into the domain's transient/permanent errors with operator sentences.</summary>
internal static class KubernetesErrors
{
    public static HttpStatusCode? StatusOf(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    public static bool IsNotFound(Exception exception) => StatusOf(exception) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception exception) => StatusOf(exception) == HttpStatusCode.Conflict;

    public static bool IsGone(Exception exception) => StatusOf(exception) == HttpStatusCode.Gone;

    /// <summary>
    /// The domain exception for <paramref name="exception"/>, or null when it is not a failure of the
    /// call itself (e.g. the caller cancelled).
    /// </summary>
    public static Exception? Map(Exception exception, string operation, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case TransientException or PermanentException:
                return exception;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                return new TransientException($"Kubernetes call {operation} timed out before the API server answered.", exception);
            case HttpOperationException { Response: { } response }:
                return FromStatus(operation, response.StatusCode, MessageOf(response.Content), exception);
            case KubernetesException { Status: { } status }:
                return FromStatus(operation, (HttpStatusCode)(status.Code ?? 500), status.Message, exception);
            case HttpRequestException or IOException:
                return new TransientException($"Kubernetes call {operation} could not reach the API server: {exception.Message}", exception);
            case JsonException:
                return new TransientException($"Kubernetes call {operation} got an answer that is not valid JSON: {exception.Message}", exception);
            default:
                return null;
        }
    }

    private static Exception FromStatus(string operation, HttpStatusCode status, string? message, Exception inner)
    {
        var code = (int)status;
        var detail = string.IsNullOrWhiteSpace(message) ? status.ToString() : message;
        var sentence = $"Kubernetes call {operation} failed with {code} {status}: {detail}";
        return code is 408 or 429 or >= 500
            ? new TransientException(sentence, inner)
            : new PermanentException(sentence, inner);
    }

    /// <summary>The <c>message</c> of a Kubernetes Status body, or the raw body when it is not one.</summary>
    public static string? MessageOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(body);
            if (!string.IsNullOrWhiteSpace(status?.Message))
            {
                return status.Message;
            }
        }
        catch (JsonException)
        {
            // not a Status object
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
