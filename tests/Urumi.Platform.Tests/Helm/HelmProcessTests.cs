using Urumi.Domain;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>Cancellation and the command timeout kill the helm process tree (a fake helm that sleeps).</summary>
public sealed class HelmProcessTests : IDisposable
{
    private readonly FakeHelm _fake = new();

    /// <summary>How long the fake helm sleeps: far longer than any test waits, so only a kill ends it.</summary>
    private static readonly TimeSpan FakeSleep = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task GetAsync_Cancelled_KillsHelmAndItsChildrenAndThrows()
    {
        _fake.On("status", sleepSeconds: (int)FakeSleep.TotalSeconds);
        using var helm = Cli(commandTimeout: TimeSpan.FromMinutes(5));
        using var cts = new CancellationTokenSource();
        var call = helm.GetAsync("shop-a", "store-shop-a", cts.Token);
        await Eventually.TrueAsync(() => _fake.Pids.Count == 2, "the fake helm and its child running");

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Empty(_fake.SleptToTheEnd);
        Assert.All(_fake.Pids, pid => Assert.False(IsRunning(pid), $"process {pid} is still running"));
    }

    [Fact]
    public async Task GetAsync_CommandTimeoutExceeded_KillsHelmAndThrowsTransient()
    {
        _fake.On("status", sleepSeconds: (int)FakeSleep.TotalSeconds);
        using var helm = Cli(commandTimeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TransientException>(() => helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None));

        Assert.Contains("did not finish in 1 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.SleptToTheEnd);
        Assert.All(_fake.Pids, pid => Assert.False(IsRunning(pid), $"process {pid} is still running"));
    }

    [Fact]
    public async Task GetAsync_AlreadyCancelled_DoesNotStartHelm()
    {
        using var helm = Cli(commandTimeout: TimeSpan.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => helm.GetAsync("shop-a", "store-shop-a", new CancellationToken(canceled: true)));

        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task GetAsync_BinaryMissing_ThrowsPermanentNamingTheSetting()
    {
        using var helm = HelmTestEnvironment.CreateCli(new HelmOptions { BinaryPath = Path.Combine(_fake.Directory, "no-such-helm") });

        var error = await Assert.ThrowsAsync<PermanentException>(() => helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None));

        Assert.Contains("Urumi:Helm:BinaryPath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _fake.Dispose();

    private HelmCli Cli(TimeSpan commandTimeout) => HelmTestEnvironment.CreateCli(new HelmOptions
    {
        BinaryPath = _fake.BinaryPath,
        CommandTimeout = commandTimeout,
        OperationTimeout = TimeSpan.FromMilliseconds(500),
    });

    /// <summary>Alive and not a zombie waiting for a parent that will never reap it.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
