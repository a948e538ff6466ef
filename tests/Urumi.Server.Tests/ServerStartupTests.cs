using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.Server.Tests.EndToEnd;

namespace Urumi.Server.Tests;

/// <summary>The server process refuses unsafe or impossible configurations and guards privileged endpoints.</summary>
public sealed class ServerStartupTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Fact]
    public async Task Start_PublicAddressWithoutApiKey_RefusesWithInstructions()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["Urumi__Server__Listen"] = $"0.0.0.0:{Ports.Free()}" });

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("no API key is configured", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AdminWithoutApiKey_RefusesNamingIt()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["Urumi__Server__ApiKeys__ci"] = Key, ["Urumi__Server__Admins__0"] = "ops" });

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Urumi:Server:Admins names 'ops'", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ShutdownGraceOutOfRange_RefusesNamingTheSetting()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["Urumi__Server__ShutdownGrace"] = "00:00:00" });

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Urumi:Server:ShutdownGrace must be between 00:00:01 and 00:10:00", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoStorage_RefusesNamingTheSetting()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["AzureWebJobsStorage"] = "" });

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("AzureWebJobsStorage", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ApiKeysConfiguredButNoneSent_Returns401Problem()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["Urumi__Server__ApiKeys__ci"] = Key, ["Urumi__Server__WorkerId"] = "auth-1", ["Urumi__Server__HubName"] = "AuthOne" });
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await http.PostJsonAsync("api/stores", new { name = "shop1" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_ValidApiKey_PassesAuthorizationAndValidates()
    {
        await using var server = HostProcess.StartServer(new Dictionary<string, string> { ["Urumi__Server__ApiKeys__ci"] = Key, ["Urumi__Server__WorkerId"] = "auth-2", ["Urumi__Server__HubName"] = "AuthTwo" });
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var response = await http.PostJsonAsync("api/stores", new { name = "Not Valid" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://urumi.dev/problems/validation", body.RootElement.GetProperty("type").GetString());
    }
}
