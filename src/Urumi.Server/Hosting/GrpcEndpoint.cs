using System.Security.Cryptography;
using System.Text;

namespace Urumi.Server.Hosting;

/// <summary>
/// The internal durable client API: a loopback HTTP/2 port that only this process may use. Every call
/// must carry <see cref="Header"/> with a random token made at start and held only in memory, so
/// another local user cannot reach the task hub around the API keys (docs/security.md).
/// </summary>
internal sealed class GrpcEndpoint(int port)
{
    public const string Header = "x-urumi-internal-token";

    private readonly byte[] token = RandomNumberGenerator.GetBytes(32);

    public int Port { get; } = port;

    /// <summary>The handler the server's own durable client sends its calls through.</summary>
    public HttpMessageHandler ClientHandler() => new TokenHandler(Convert.ToBase64String(token)) { InnerHandler = new SocketsHttpHandler() };

    /// <summary>Refuses (401, which gRPC clients read as Unauthenticated) any call to the port without the token.</summary>
    public IApplicationBuilder Guard(IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Connection.LocalPort == Port && !Holds(http.Request.Headers[Header].FirstOrDefault()))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(http);
        });

    private bool Holds(string? presented)
    {
        var bytes = new byte[32];
        return presented is not null
            && Convert.TryFromBase64String(presented, bytes, out var written)
            && written == bytes.Length
            && CryptographicOperations.FixedTimeEquals(bytes, token);
    }

    private sealed class TokenHandler(string value) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(Header, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
