using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Urumi.Server.Tests.Hostile;

/// <summary>
/// Every hostile case of <see cref="HostileCases"/> against a real server: the status, the problem
/// type, and that nothing appeared afterwards. Plus the internal gRPC port and unreadable bodies.
/// </summary>
[Collection(EndToEnd.EndToEndGroup.Name)]
public sealed class HostileInputTests(HostileServer server) : IClassFixture<HostileServer>
{
    public static IEnumerable<object[]> Cases => HostileCases.All.Select((c, i) => new object[] { i, c.Name });

    [Fact]
    public void Cases_CoverEveryEndpointWithAtLeast300()
    {
        Assert.True(HostileCases.All.Count >= 300, $"{HostileCases.All.Count} cases");
        Assert.Empty(HostileCases.All.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        foreach (var path in new[] { "/api/stores", "/api/stores/batch", "/api/stores/shopa", "/api/stores/shopa/credentials", "/api/stores/shopa/events", "/api/events", "/api/operations/", "/api/cleanup", "/api/health", "/" })
        {
            Assert.Contains(HostileCases.All, c => c.Path.StartsWith(path, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Hostile_RefusedAndNothingAppears(int index, string name)
    {
        var hostile = HostileCases.All[index];
        Assert.Equal(name, hostile.Name);
        using var http = server.Client();
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), new Uri(hostile.Path.TrimStart('/'), UriKind.Relative));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body));
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }
        else if (hostile.ContentType is not null && hostile.Method == "POST")
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        if (hostile.Key is not null)
        {
            request.Headers.Add("X-Api-Key", hostile.Key);
        }

        foreach (var (header, value) in hostile.Headers ?? [])
        {
            if (header == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == hostile.Status, $"{hostile.Name}: expected {hostile.Status}, got {(int)response.StatusCode} {text}");
        if (response.Content.Headers.ContentLength != 0)
        {
            // Everything the application answers; Kestrel's own bare 400s (a NUL in the path) have no body.
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        if (hostile.Type is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(text);
            Assert.Equal(hostile.Type, problem.RootElement.GetProperty("type").GetString());
            Assert.Equal(hostile.Status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        }

        Assert.Empty(await server.TracesAsync());
    }

    [Fact]
    public async Task InternalGrpcPort_CallWithoutTheProcessToken_Refused401()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{server.GrpcPort}/TaskHubSidecarService/Hello"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        request.Headers.TryAddWithoutValidation("x-urumi-internal-token", Convert.ToBase64String(new byte[32]));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Create_BodyTooSlow_LogsOneWarningNotAStackTrace()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/stores HTTP/1.1\r\nHost: 127.0.0.1:{server.Server.Port}\r\nX-Api-Key: {HostileServer.AdminKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"name\":";

        // 8 of 100 bytes, then nothing: Kestrel's minimum body data rate fails the read (408) after its grace period.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.FlushAsync();

        await Eventually.TrueAsync(() => server.Server.Output.Contains("Bad request POST /api/stores: 408", StringComparison.Ordinal), "the server logging the 408 for the stalled body");
        Assert.DoesNotContain("An unhandled exception", server.Server.Output, StringComparison.Ordinal);
        Assert.Empty(await server.TracesAsync());
    }
}
