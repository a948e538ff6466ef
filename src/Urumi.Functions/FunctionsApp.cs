using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Urumi.Platform.DependencyInjection;
using Urumi.Platform.Telemetry;

namespace Urumi.Functions;

/// <summary>
/// The Functions app's whole composition, in one place so that Program.cs and the test that builds
/// the container the way the worker does in Development (ValidateOnBuild, ValidateScopes) share it.
/// </summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder AddUrumiFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddUrumiPlatform();
        builder.Services.AddUrumiOpenTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
        builder.Services.AddOptions<FunctionsAccessOptions>().BindConfiguration(FunctionsAccessOptions.Section);
        builder.Services.AddSingleton<FunctionsCallers>();
        builder.UseWhen<CrossSiteMiddleware>(CrossSiteMiddleware.Applies);
        return builder;
    }
}
