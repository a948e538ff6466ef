using System.Text;
using System.Text.Json;

namespace Urumi.Testing;

/// <summary>
/// JSON bodies sent with a Content-Length, as browsers and curl send them. (<c>PostAsJsonAsync</c>
/// streams them chunked, which the Azure Functions host does not pass on to the app: see
/// <c>Create_ChunkedBody_*</c>.)
/// </summary>
public static class JsonRequests
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string uri, object body) =>
        http.PostAsync(new Uri(uri, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient http, string uri, object body) =>
        http.PatchAsync(new Uri(uri, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));
}
