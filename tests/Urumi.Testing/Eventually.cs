using Xunit;

namespace Urumi.Testing;

/// <summary>
/// The one way tests wait: poll an observable condition until it holds, with a generous timeout
/// (a loaded machine is slow, never wrong), and fail with a sentence saying what never happened and
/// what was last seen. The timeout only ends a wait that would otherwise hang; it is never what a
/// test asserts.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait may take before the test fails: generous, for a machine shared by several builds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="what"/> names it ("the web Deployment Available").</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ValueAsync(() => Task.FromResult(condition()), held => held, what, timeout);
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(condition, held => held, what, timeout);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="until"/> accepts its value, and returns that
    /// value. An exception from the probe ends the wait (a probe that expects some failures catches them).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> until, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(until);
        var limit = timeout ?? DefaultTimeout;
        using var expired = new CancellationTokenSource(limit);
        T last;
        while (true)
        {
            last = await probe();
            if (until(last))
            {
                return last;
            }

            if (expired.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(Interval, expired.Token);
            }
            catch (OperationCanceledException)
            {
                // One last look after the timeout, below.
            }
        }

        Assert.Fail($"{what}: never happened within {limit}; last seen: {Describe(last)}");
        return last;
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        bool held => held ? "true" : "false (the condition did not hold)",
        _ => value.ToString() ?? "nothing",
    };
}
