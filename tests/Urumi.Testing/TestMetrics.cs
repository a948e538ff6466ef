using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Telemetry;

namespace Urumi.Testing;

/// <summary>A <see cref="UrumiMetrics"/> on a meter factory of its own, for tests that compose handlers by hand.</summary>
public static class TestMetrics
{
    public static UrumiMetrics Create(TimeProvider? time = null) =>
        new(Services.GetRequiredService<IMeterFactory>(), time ?? TimeProvider.System);

    private static ServiceProvider Services { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider();
}
