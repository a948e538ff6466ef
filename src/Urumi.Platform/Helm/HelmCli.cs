using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;

using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Helm;

/// <summary>
/// <see cref="IHelm"/> over the real helm v4 binary: one operation per release at a time, a cap on concurrent
/// installs, typed errors, JSON output and recovery of a release left pending by a dead process. Running the
/// process is <see cref="HelmRunner"/>'s job, finding charts <see cref="HelmChartLocation"/>'s.
/// </summary>
internal sealed class HelmCli : IHelm, IDisposable
{
    private readonly HelmOptions _options;
    private readonly ILogger<HelmCli> _logger;
    private readonly TimeProvider _time;
    private readonly HelmRunner _runner;
    private readonly HelmChartLocation _charts;
    private readonly SemaphoreSlim _installSlots;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _releaseLocks = new(StringComparer.Ordinal);

    public HelmCli(IOptions<HelmOptions> options, ILogger<HelmCli> logger, TimeProvider time, UrumiMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _time = time;
        _runner = new HelmRunner(_options, logger, time, metrics);
        _charts = new HelmChartLocation(_options);
        _installSlots = new SemaphoreSlim(_options.MaxConcurrentInstalls, _options.MaxConcurrentInstalls);
    }

    public async Task<HelmRelease?> GetAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        var call = new HelmCall("status", release, namespaceName);
        var result = await RunAsync(call, ["status", release, "-n", namespaceName, "-o", "json"], cluster: true, _options.CommandTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            return HelmErrors.IsReleaseNotFound(result.StandardError)
                ? null
                : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
        }

        return Parse(call, () => HelmJson.ParseRelease(result.StandardOutput));
    }

    public async Task<HelmInstallResult> UpgradeInstallAsync(HelmInstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireName(request.Release, nameof(request.Release));
        RequireName(request.Namespace, nameof(request.Namespace));
        RequireName(request.Chart, nameof(request.Chart));

        var call = new HelmCall("upgrade", request.Release, request.Namespace);
        var helmTimeout = request.Timeout > TimeSpan.Zero ? request.Timeout : _options.OperationTimeout;
        var chart = _charts.Resolve(request.Chart);
        var valuesFiles = _charts.ValuesFiles(chart, request.ValuesFiles);
        var values = request.Values.Count > 0 ? HelmValues.ToStandardInput(request.Values) : ReadOnlyMemory<byte>.Empty;
        var args = HelmArguments.Upgrade(request, chart, helmTimeout, valuesFiles, valuesOnStdin: !values.IsEmpty);

        using var gate = await LockReleaseAsync(request.Namespace, request.Release, cancellationToken);
        await _installSlots.WaitAsync(cancellationToken);
        try
        {
            var before = await RecoverPendingAsync(request.Release, request.Namespace, helmTimeout, cancellationToken);
            var result = await _runner.RunAsync(call, args, cluster: true, CommandTimeoutFor(helmTimeout, request.Wait), values, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError, HelmValues.Strings(request));
            }

            return new HelmInstallResult(Parse(call, () => HelmJson.ParseRelease(result.StandardOutput)), before);
        }
        finally
        {
            _installSlots.Release();
        }
    }

    public async Task UninstallAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        using var gate = await LockReleaseAsync(namespaceName, release, cancellationToken);
        await UninstallCoreAsync(release, namespaceName, _options.OperationTimeout, cancellationToken);
    }

    public async Task RollbackAsync(string release, string namespaceName, int? revision, CancellationToken cancellationToken)
    {
        using var gate = await LockReleaseAsync(namespaceName, release, cancellationToken);
        await RollbackCoreAsync(release, namespaceName, revision, _options.OperationTimeout, cancellationToken);
    }

    /// <remarks>
    /// helm v4 lists releases in every state by default and has no <c>-a</c>/<c>--all</c> flag any more
    /// (v4.1.4 rejects it), so this is <c>helm list -A</c>, paged with <c>--max</c>/<c>--offset</c>.
    /// </remarks>
    public async Task<IReadOnlyList<HelmRelease>> ListAsync(CancellationToken cancellationToken)
    {
        const int PageSize = 256;
        var call = new HelmCall("list", "*", "*");
        var all = new List<HelmRelease>();
        for (var offset = 0; ; offset += PageSize)
        {
            var result = await RunAsync(
                call,
                ["list", "-A", "-o", "json", "--max", PageSize.ToString(CultureInfo.InvariantCulture), "--offset", offset.ToString(CultureInfo.InvariantCulture)],
                cluster: true,
                _options.CommandTimeout,
                cancellationToken);
            if (result.ExitCode != 0)
            {
                throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
            }

            var page = Parse(call, () => HelmJson.ParseList(result.StandardOutput));
            all.AddRange(page);
            if (page.Count < PageSize)
            {
                return all;
            }
        }
    }

    public async Task<int?> LastDeployedRevisionAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        var current = await GetAsync(release, namespaceName, cancellationToken);
        return current is null
            ? null
            : (await HistoryAsync(release, namespaceName, cancellationToken)).LastGoodRevision(current.Revision);
    }

    internal Task<IReadOnlyList<HelmRevision>> HistoryAsync(string release, string namespaceName, CancellationToken cancellationToken) =>
        HistoryAsync(release, namespaceName, 256, cancellationToken);

    public async Task<IReadOnlyList<HelmRevision>> HistoryAsync(string release, string namespaceName, int max, CancellationToken cancellationToken)
    {
        var call = new HelmCall("history", release, namespaceName);
        var result = await RunAsync(
            call, ["history", release, "-n", namespaceName, "-o", "json", "--max", max.ToString(System.Globalization.CultureInfo.InvariantCulture)], cluster: true, _options.CommandTimeout, cancellationToken);
        if (result.ExitCode != 0 && HelmErrors.IsReleaseNotFound(result.StandardError))
        {
            return [];
        }

        return result.ExitCode == 0
            ? Parse(call, () => HelmJson.ParseHistory(result.StandardOutput))
            : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
    }

    public async Task<string?> ValuesAsync(string release, string namespaceName, int revision, CancellationToken cancellationToken)
    {
        var call = new HelmCall("get values", release, namespaceName);
        var result = await RunAsync(
            call, ["get", "values", release, "-n", namespaceName, "-o", "json", "--revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)], cluster: true, _options.CommandTimeout, cancellationToken);
        if (result.ExitCode != 0 && HelmErrors.IsReleaseNotFound(result.StandardError))
        {
            return null;
        }

        return result.ExitCode == 0 ? result.StandardOutput : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
    }

    /// <summary><c>helm lint</c> of a chart with the given values (and the configured environment values files).</summary>
    internal async Task LintAsync(string chart, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var resolved = _charts.Resolve(chart);
        var args = new List<string> { "lint", resolved, "--strict" };
        HelmArguments.AddValues(args, _charts.ValuesFiles(resolved, []), valuesOnStdin: true);
        var call = new HelmCall("lint", chart, "-");
        var result = await _runner.RunAsync(call, args, cluster: false, _options.CommandTimeout, HelmValues.ToStandardInput(values), cancellationToken);
        if (result.ExitCode != 0)
        {
            // lint reports its findings on stdout.
            throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError + "\n" + result.StandardOutput);
        }
    }

    /// <summary><c>helm template</c>: the rendered manifests, without contacting a cluster.</summary>
    internal async Task<string> TemplateAsync(string release, string namespaceName, string chart, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var resolved = _charts.Resolve(chart);
        var args = new List<string> { "template", release, resolved, "-n", namespaceName };
        HelmArguments.AddValues(args, _charts.ValuesFiles(resolved, []), valuesOnStdin: true);
        var call = new HelmCall("template", release, namespaceName);
        var result = await _runner.RunAsync(call, args, cluster: false, _options.CommandTimeout, HelmValues.ToStandardInput(values), cancellationToken);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
    }

    /// <summary><c>helm version --short</c>: proves the configured binary exists and runs.</summary>
    internal async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var call = new HelmCall("version", "-", "-");
        var result = await RunAsync(call, ["version", "--short"], cluster: false, _options.CommandTimeout, cancellationToken);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
    }

    public void Dispose()
    {
        _installSlots.Dispose();
        foreach (var gate in _releaseLocks.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>
    /// A release left in <c>pending-*</c> blocks every later upgrade. When no operation of this process
    /// holds it (we hold its lock) and its last update is older than the stale threshold, the operation that
    /// left it is dead: a pending install is uninstalled, a pending upgrade/rollback is rolled back to the
    /// last good revision. Younger pending releases are left alone (transient). Returns the release as
    /// the install will find it: null when there is none (or a pending install was uninstalled).
    /// </summary>
    private async Task<HelmRelease?> RecoverPendingAsync(string release, string namespaceName, TimeSpan helmTimeout, CancellationToken cancellationToken)
    {
        var current = await GetAsync(release, namespaceName, cancellationToken);
        if (current is null || !current.Status.IsPending())
        {
            return current;
        }

        var staleAfter = _options.StalePendingAfter ?? Max(_options.OperationTimeout, helmTimeout) + TimeSpan.FromMinutes(1);
        var age = current.Updated is { } updated ? _time.GetUtcNow() - updated : TimeSpan.MaxValue;
        var status = current.Status.ToHelmText();
        if (age < staleAfter)
        {
            HelmLog.PendingNotStale(_logger, release, namespaceName, status, (long)age.TotalSeconds, (long)staleAfter.TotalSeconds);
            throw new TransientException(
                $"Release '{release}' in namespace '{namespaceName}' is {status} since {current.Updated:u}: another Helm operation is still running " +
                $"(it is treated as abandoned after {(long)staleAfter.TotalSeconds} s). Retry later.");
        }

        if (current.Status == HelmReleaseStatus.PendingInstall)
        {
            HelmLog.RecoveringPending(_logger, release, namespaceName, status, SecondsOrMax(age), "uninstalling it");
            await UninstallCoreAsync(release, namespaceName, helmTimeout, cancellationToken);
            return null;
        }

        var target = (await HistoryAsync(release, namespaceName, cancellationToken)).LastGoodRevision(current.Revision)
            ?? throw new PermanentException(
                $"Release '{release}' in namespace '{namespaceName}' is stuck in {status} at revision {current.Revision} and has no earlier " +
                "deployed revision to roll back to; an operator must uninstall or repair it.");
        HelmLog.RecoveringPending(_logger, release, namespaceName, status, SecondsOrMax(age), $"rolling back to revision {target}");
        await RollbackCoreAsync(release, namespaceName, target, helmTimeout, cancellationToken);
        return current with { Revision = target, Status = HelmReleaseStatus.Deployed };
    }

    private async Task UninstallCoreAsync(string release, string namespaceName, TimeSpan helmTimeout, CancellationToken cancellationToken)
    {
        var call = new HelmCall("uninstall", release, namespaceName);
        var result = await RunAsync(call, HelmArguments.Uninstall(release, namespaceName, helmTimeout), cluster: true, CommandTimeoutFor(helmTimeout, rollbackOnFailure: false), cancellationToken);
        if (result.ExitCode != 0 && !HelmErrors.IsReleaseNotFound(result.StandardError))
        {
            throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
        }
    }

    private async Task RollbackCoreAsync(string release, string namespaceName, int? revision, TimeSpan helmTimeout, CancellationToken cancellationToken)
    {
        var call = new HelmCall("rollback", release, namespaceName);
        var args = HelmArguments.Rollback(release, namespaceName, revision, helmTimeout);
        var result = await RunAsync(call, args, cluster: true, CommandTimeoutFor(helmTimeout, rollbackOnFailure: false), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
        }
    }

    /// <summary>A helm command that reads nothing from stdin.</summary>
    private Task<HelmResult> RunAsync(HelmCall call, List<string> arguments, bool cluster, TimeSpan commandTimeout, CancellationToken cancellationToken) =>
        _runner.RunAsync(call, arguments, cluster, commandTimeout, ReadOnlyMemory<byte>.Empty, cancellationToken);

    private static T Parse<T>(HelmCall call, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new PermanentException($"{call.Describe()} printed output that is not the JSON helm v4 writes; check that Urumi:Helm:BinaryPath is helm v4.", ex);
        }
    }

    /// <summary>Holds the release's lock until disposed: one operation per release in this process.</summary>
    private async Task<ReleaseLock> LockReleaseAsync(string namespaceName, string release, CancellationToken cancellationToken)
    {
        var gate = _releaseLocks.GetOrAdd($"{namespaceName}/{release}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new ReleaseLock(gate);
    }

    private static void RequireName(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required.", name);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// CommandTimeout, stretched so helm always gets to its own --timeout first (twice over with
    /// --rollback-on-failure, whose rollback waits again) plus a minute.
    /// </summary>
    private TimeSpan CommandTimeoutFor(TimeSpan helmTimeout, bool rollbackOnFailure) =>
        Max(_options.CommandTimeout, (rollbackOnFailure ? helmTimeout * 2 : helmTimeout) + TimeSpan.FromMinutes(1));

    private static long SecondsOrMax(TimeSpan age) => age == TimeSpan.MaxValue ? long.MaxValue : (long)age.TotalSeconds;

    private readonly struct ReleaseLock(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
