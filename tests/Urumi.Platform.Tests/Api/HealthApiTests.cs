using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Urumi.Platform.Api;
using Urumi.Testing;

namespace Urumi.Platform.Tests.Api;

/// <summary>Unauthenticated health is cheap: concurrent probes share one round of checks, reused for a few seconds.</summary>
public sealed class HealthApiTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task CheckAsync_SixtyConcurrentCalls_RunEachDependencyOnce()
    {
        var check = new GatedCheck();
        using var services = Services(check);
        var health = Health(services);

        var calls = Enumerable.Range(0, 60).Select(_ => health.CheckAsync(CancellationToken.None)).ToList();
        await check.Started.Task;
        check.Release.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, check.Runs);
        Assert.All(results, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task CheckAsync_WithinCacheTime_ReusesTheAnswerThenChecksAgain()
    {
        var check = new GatedCheck();
        check.Release.SetResult();
        using var services = Services(check);
        var health = Health(services);
        await health.CheckAsync(CancellationToken.None);

        time.Advance(HealthApi.CacheFor - TimeSpan.FromMilliseconds(1));
        await health.CheckAsync(CancellationToken.None);
        Assert.Equal(1, check.Runs);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await health.CheckAsync(CancellationToken.None);
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task CheckAsync_FailingDependency_Returns503NamingIt()
    {
        using var services = Services(new GatedCheck(), new FailingCheck());
        var health = Health(services);
        ((GatedCheck)services.GetServices<IHealthCheck>().First()).Release.SetResult();

        var result = await health.CheckAsync(CancellationToken.None);

        Assert.Equal(503, result.Status);
        var view = Assert.IsType<HealthView>(result.Body);
        Assert.Equal("unhealthy", view.Status);
        Assert.Equal(["gated", "helm"], view.Checks.Select(c => c.Name));
        Assert.Equal(new DependencyHealth("gated", true, "ok"), view.Checks[0]);
        Assert.Equal(new DependencyHealth("helm", false, "helm: not found"), view.Checks[1]);
    }

    [Fact]
    public async Task CheckAsync_CheckNeverAnswers_Returns503SayingItDidNotAnswer()
    {
        using var services = Services(new GatedCheck());
        var health = Health(services);

        var result = await health.CheckAsync(CancellationToken.None);

        Assert.Equal(503, result.Status);
        Assert.Equal($"no answer within {HealthApi.Timeout.TotalSeconds:0} s", Assert.Single(Assert.IsType<HealthView>(result.Body).Checks).Detail);
    }

    [Fact]
    public void Live_TouchesNoDependency_Returns200()
    {
        var result = HealthApi.Live();

        Assert.Equal(200, result.Status);
        Assert.Equal("alive", Assert.IsType<HealthView>(result.Body).Status);
    }

    /// <summary>The container both hosts build: each check registered by name, with the timeout the API sets.</summary>
    private static ServiceProvider Services(params IHealthCheck[] checks)
    {
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddHealthChecks();
        foreach (var check in checks)
        {
            services.AddSingleton(check);
            builder.AddCheck(check is FailingCheck ? "helm" : "gated", check, timeout: HealthApi.Timeout);
        }

        return services.BuildServiceProvider();
    }

    private HealthApi Health(ServiceProvider services) =>
        new(services.GetRequiredService<HealthCheckService>(), ApiHandlers.Problems(), time, NullLogger<HealthApi>.Instance);

    private sealed class GatedCheck : IHealthCheck
    {
        private int runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => Volatile.Read(ref runs);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref runs);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("ok");
        }
    }

    private sealed class FailingCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("helm: not found");
    }
}
