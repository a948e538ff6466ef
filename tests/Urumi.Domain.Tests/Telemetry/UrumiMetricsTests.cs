using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Tests.Telemetry;

public sealed class UrumiMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider time = new(Start);
    private readonly IMeterFactory meters;
    private readonly UrumiMetrics metrics;

    public UrumiMetricsTests()
    {
        meters = services.GetRequiredService<IMeterFactory>();
        metrics = new UrumiMetrics(meters, time);
    }

    public void Dispose() => services.Dispose();

    [Fact]
    public void OperationSucceeded_ThreeTimedSteps_EachStepLastsUntilTheNextAndTheLastUntilNow()
    {
        using var steps = Collect<double>("urumi.operation.step.duration");
        using var total = Collect<double>("urumi.operation.duration");
        using var succeeded = Collect<long>("urumi.operations.succeeded");
        var timing = new OperationTiming("ProvisionStore", Start, [
            new StepStart("installing", Start.AddSeconds(2)),
            new StepStart("waiting-for-pods", Start.AddSeconds(10)),
            new StepStart("verifying-shop", Start.AddSeconds(40)),
        ]);
        time.SetUtcNow(Start.AddSeconds(45));

        metrics.OperationSucceeded(timing);

        Assert.Equal([8d, 30d, 5d], steps.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(["installing", "waiting-for-pods", "verifying-shop"], steps.GetMeasurementSnapshot().Select(m => m.Tags["step"]));
        var measured = Assert.Single(total.GetMeasurementSnapshot());
        Assert.Equal(45d, measured.Value);
        Assert.Equal("succeeded", measured.Tags["outcome"]);
        Assert.Equal("ProvisionStore", Assert.Single(succeeded.GetMeasurementSnapshot()).Tags["kind"]);
    }

    [Fact]
    public void OperationFailed_FailedStepNamed_CountsItAsTheReasonAndRecordsTheDuration()
    {
        using var failed = Collect<long>("urumi.operations.failed");
        using var total = Collect<double>("urumi.operation.duration");
        time.SetUtcNow(Start.AddSeconds(90));

        metrics.OperationFailed(new OperationTiming("DeleteStore", Start, [], "waiting-for-namespace"));

        var counted = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal("waiting-for-namespace", counted.Tags["reason"]);
        Assert.Equal("DeleteStore", counted.Tags["kind"]);
        var measured = Assert.Single(total.GetMeasurementSnapshot());
        Assert.Equal(90d, measured.Value);
        Assert.Equal("failed", measured.Tags["outcome"]);
    }

    [Fact]
    public void KubernetesResponse_TooManyRequests_CountsTheRequestAndTheThrottle()
    {
        using var requests = Collect<long>("urumi.kubernetes.requests");
        using var throttled = Collect<long>("urumi.kubernetes.throttled");

        metrics.KubernetesResponse("GET", 200);
        metrics.KubernetesResponse("PATCH", 429);

        Assert.Equal([200, 429], requests.GetMeasurementSnapshot().Select(m => m.Tags["code"]));
        Assert.Equal("PATCH", Assert.Single(throttled.GetMeasurementSnapshot()).Tags["method"]);
    }

    [Fact]
    public void HelmCommand_NonZeroExit_RecordsDurationWithCommandAndExitCode()
    {
        using var helm = Collect<double>("urumi.helm.command.duration");

        metrics.HelmCommand("upgrade", 1, TimeSpan.FromMilliseconds(1500));

        var measured = Assert.Single(helm.GetMeasurementSnapshot());
        Assert.Equal(1.5, measured.Value);
        Assert.Equal("upgrade", measured.Tags["command"]);
        Assert.Equal(1, measured.Tags["exit_code"]);
    }

    [Fact]
    public void ObserveStores_StoresOfTwoEnginesAndPhases_ReportsEachPairWithZerosForTheRest()
    {
        using var gauge = Collect<int>("urumi.stores");
        metrics.ObserveStores(() => [Store("shop-a", "woocommerce", StoreStatus.Ready), Store("shop-b", "woocommerce", StoreStatus.Ready), Store("shop-c", "medusa", StoreStatus.Provisioning), Store("shop-d", "woocommerce", null)]);

        gauge.RecordObservableInstruments();

        var counts = gauge.GetMeasurementSnapshot().ToDictionary(m => ((string)m.Tags["phase"]!, (string)m.Tags["engine"]!), m => m.Value);
        Assert.Equal(2, counts[("ready", "woocommerce")]);
        Assert.Equal(1, counts[("provisioning", "medusa")]);
        Assert.Equal(1, counts[("unknown", "woocommerce")]);
        Assert.Equal(0, counts[("failed", "medusa")]);
        Assert.Equal(Enum.GetValues<StoreStatus>().Length * EngineCatalog.All.Count + 1, counts.Count);
    }

    [Fact]
    public void ObserveStores_SourceHoldsNoList_ReportsNothing()
    {
        using var gauge = Collect<int>("urumi.stores");
        metrics.ObserveStores(() => null);

        gauge.RecordObservableInstruments();

        Assert.Empty(gauge.GetMeasurementSnapshot());
    }

    private static ManagedStore Store(string name, string engine, StoreStatus? phase) =>
        new(StoreName.Parse(name), StoreNaming.NamespacePrefix + name, engine, "small", "alice", null, phase, null, null, null, false);

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(meters, UrumiMetrics.MeterName, instrument);
}
