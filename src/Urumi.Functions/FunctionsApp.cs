using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Urumi.Platform.DependencyInjection;
using Urumi.Platform.Durable;
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
        // The durable extension takes its data converter from the worker's serializer: payloads are
        // written and read as on Urumi.Server (DurableJson). The HTTP triggers write their own JSON (ApiResult).
        builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(DurableJson.Options));
        builder.Services.AddUrumiOpenTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
        builder.Services.AddOptions<FunctionsAccessOptions>().BindConfiguration(FunctionsAccessOptions.SectionName);
        builder.Services.AddSingleton<FunctionsCallers>();
        builder.UseWhen<CrossSiteMiddleware>(CrossSiteMiddleware.Applies);
        return builder;
    }
}
