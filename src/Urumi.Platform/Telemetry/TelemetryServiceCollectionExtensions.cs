using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The environment variable (standard OpenTelemetry) that turns the OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The one <see cref="UrumiMetrics"/> of the process, on the host's meter factory.</summary>
    public static IServiceCollection AddUrumiMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UrumiMetrics>();
        return services;
    }

    /// <summary>
    /// OpenTelemetry for both hosts: the Meter <see cref="UrumiMetrics.MeterName"/>, the trace source <see cref="UrumiTracing.SourceName"/> and the
    /// Durable Task trace sources, exported over OTLP when <see cref="OtlpEndpointVariable"/> is set (the exporter reads the other
    /// OTEL_EXPORTER_OTLP_* settings itself). <paramref name="configure"/> adds a host's own exporters or
    /// integration (the Prometheus endpoint on Urumi.Server, the Functions worker's defaults).
    /// </summary>
    public static IServiceCollection AddUrumiOpenTelemetry(this IServiceCollection services, IConfiguration configuration, Action<OpenTelemetryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddUrumiMetrics();
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(UrumiMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(UrumiTracing.SourceName, "Microsoft.DurableTask", "DurableTask.Core"));
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        configure?.Invoke(telemetry);
        return services;
    }
}
