using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Urumi.Platform.Dashboard;

namespace Urumi.Functions.Tests;

/// <summary>The page at / and the API at /api/... in the Functions app, as in Urumi.Server.</summary>
public sealed class DashboardFunctionTests
{
    private readonly DashboardFunction function = new(new DashboardFiles(Options.Create(new DashboardOptions())));

    [Fact]
    public void Routes_EveryHttpTrigger_AreUnderApiExceptTheDashboard()
    {
        var routes = typeof(DashboardFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(r => r.Trigger is not null)
            .ToList();

        Assert.Contains(routes, r => r.Function == "Dashboard" && r.Trigger!.Route == "{file?}");
        Assert.All(routes.Where(r => r.Function != "Dashboard"), r => Assert.StartsWith("api/", r.Trigger!.Route, StringComparison.Ordinal));
    }

    [Fact]
    public void HostJson_HttpRoutePrefix_IsEmptySoThePageOwnsTheRoot()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.Equal(string.Empty, hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task Run_Root_ServesTheDashboardPage()
    {
        var response = await function.Run(FunctionsHttp.Request("GET", "/"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", FunctionsHttp.Header(response, "Content-Type"));
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", FunctionsHttp.BodyText(response), StringComparison.Ordinal);
        Assert.NotNull(FunctionsHttp.Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Run_ScriptThenSameETag_ServesJavaScriptThen304()
    {
        var first = await function.Run(FunctionsHttp.Request("GET", "/app.js"), "app.js");
        var again = await function.Run(FunctionsHttp.Request("GET", "/app.js", null, ("If-None-Match", FunctionsHttp.Header(first, "ETag")!)), "app.js");

        Assert.Equal("text/javascript; charset=utf-8", FunctionsHttp.Header(first, "Content-Type"));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(string.Empty, FunctionsHttp.BodyText(again));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("host.json")]
    [InlineData("Urumi.Functions.dll")]
    public async Task Run_AnythingButThePageFiles_Returns404(string file)
    {
        var response = await function.Run(FunctionsHttp.Request("GET", "/" + file), file);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
