using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace Urumi.Functions.Tests;

/// <summary>Moq'd Functions HTTP request with a readable response, the way the worker hands them to a function.</summary>
internal static class FunctionsHttp
{
    public static HttpRequestData Request(string method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        var request = new Mock<HttpRequestData>(context.Object);
        var requestHeaders = new HttpHeadersCollection();
        if (body is not null && !headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            requestHeaders.Add("Content-Type", "application/json");
        }

        foreach (var (name, value) in headers)
        {
            requestHeaders.Add(name, value);
        }

        request.SetupGet(r => r.Method).Returns(method);
        request.SetupGet(r => r.Url).Returns(new Uri("http://localhost:7071" + path));
        request.SetupGet(r => r.Headers).Returns(requestHeaders);
        request.SetupGet(r => r.Body).Returns(new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty)));
        request.SetupGet(r => r.Identities).Returns([]);
        request.Setup(r => r.CreateResponse()).Returns(() => new TestResponse(context.Object));
        return request.Object;
    }

    public static string BodyText(HttpResponseData response)
    {
        response.Body.Position = 0;
        return new StreamReader(response.Body).ReadToEnd();
    }

    public static JsonElement BodyJson(HttpResponseData response) => JsonDocument.Parse(BodyText(response)).RootElement;

    public static string? Header(HttpResponseData response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private sealed class TestResponse(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = [];

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies => throw new NotSupportedException();
    }
}
