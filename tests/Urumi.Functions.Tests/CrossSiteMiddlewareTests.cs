using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace Urumi.Functions.Tests;

/// <summary>
/// Which functions the cross-site rule guards; its answers on the real host are in
/// tests/Urumi.Server.Tests/EndToEnd/FunctionsHostEndToEndTests.cs.
/// </summary>
public sealed class CrossSiteMiddlewareTests
{
    [Theory]
    [InlineData("ApiCreateStore", "httpTrigger", true)]
    [InlineData("ApiHealthLive", "httpTrigger", true)]
    [InlineData("ApiRunCleanup", "httpTrigger", true)]
    [InlineData("Dashboard", "httpTrigger", false)]
    [InlineData("CleanupTimer", "timerTrigger", false)]
    [InlineData("ProvisionStore", "orchestrationTrigger", false)]
    public void Applies_FunctionKind_GuardsExactlyTheApiTriggers(string name, string trigger, bool expected)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(name);
        var binding = new Mock<BindingMetadata>();
        binding.SetupGet(b => b.Type).Returns(trigger);
        definition.SetupGet(d => d.InputBindings).Returns(ImmutableDictionary<string, BindingMetadata>.Empty.Add("request", binding.Object));
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);

        Assert.Equal(expected, CrossSiteMiddleware.Applies(context.Object));
    }

    [Fact]
    public void Triggers_EveryApiHttpFunction_IsNamedWithTheApiPrefix()
    {
        var http = typeof(FunctionsApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).Length > 0))
            .Select(m => (Name: ((FunctionAttribute)m.GetCustomAttributes(typeof(FunctionAttribute), false).Single()).Name,
                Route: ((HttpTriggerAttribute)m.GetParameters().First(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).Length > 0)
                    .GetCustomAttributes(typeof(HttpTriggerAttribute), false).Single()).Route))
            .ToList();

        Assert.NotEmpty(http);
        Assert.All(http.Where(f => f.Route?.StartsWith("api/", StringComparison.Ordinal) == true),
            f => Assert.StartsWith(CrossSiteMiddleware.ApiFunctionPrefix, f.Name, StringComparison.Ordinal));
        Assert.Contains(http, f => f.Name == "Dashboard");
    }
}
