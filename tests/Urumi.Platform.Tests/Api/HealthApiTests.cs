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
        var health = new HealthApi([check], ApiHandlers.Problems(), time, NullLogger<HealthApi>.Instance);

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
        var health = new HealthApi([check], ApiHandlers.Problems(), time, NullLogger<HealthApi>.Instance);
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
        var health = new HealthApi([new FailingCheck()], ApiHandlers.Problems(), time, NullLogger<HealthApi>.Instance);

        var result = await health.CheckAsync(CancellationToken.None);

        Assert.Equal(503, result.Status);
        var view = Assert.IsType<HealthView>(result.Body);
        Assert.Equal("helm: not found", Assert.Single(view.Checks).Detail);
    }

    [Fact]
    public void Live_TouchesNoDependency_Returns200()
    {
        var result = HealthApi.Live();

        Assert.Equal(200, result.Status);
        Assert.Equal("alive", Assert.IsType<HealthView>(result.Body).Status);
    }

    private sealed class GatedCheck : IDependencyCheck
    {
        private int runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => Volatile.Read(ref runs);

        public string Name => "gated";

        public async Task<string> CheckAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return "ok";
        }
    }

    private sealed class FailingCheck : IDependencyCheck
    {
        public string Name => "helm";

        public Task<string> CheckAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("helm: not found");
    }
}
