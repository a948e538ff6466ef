using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Urumi.Functions.Tests;

/// <summary>
/// The Functions app's container, built the way the isolated worker builds it in Development (what
/// <c>func start</c> uses): every registration must be constructible and no scoped service may be
/// captured by a singleton, or the worker dies at start.
/// </summary>
public sealed class FunctionsAppTests
{
    [Fact]
    public void AddUrumiFunctions_ValidateOnBuildAndScopes_EveryServiceAndFunctionClassConstructs()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.AddUrumiFunctions();

        using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        // The worker activates each class that declares a [Function] per invocation, from the container.
        var functionClasses = typeof(FunctionsApp).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.Contains(typeof(CleanupFunctions), functionClasses);
        Assert.All(functionClasses, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }
}
