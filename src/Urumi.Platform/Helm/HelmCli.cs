using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Helm;

/// <summary>
/// <see cref="IHelm"/> over the real helm v4 binary: an argument list (never a shell string), values in a
/// 0600 temp file, typed errors, JSON output, pending-release recovery, process-tree kill on cancellation.
/// </summary>
internal sealed class HelmCli : IHelm, IDisposable
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    private readonly HelmOptions _options;
    private readonly ILogger<HelmCli> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _installSlots;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _releaseLocks = new(StringComparer.Ordinal);
    private readonly Lazy<string> _chartsRoot;

    public HelmCli(IOptions<HelmOptions> options, ILogger<HelmCli> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _time = time;
        _installSlots = new SemaphoreSlim(_options.MaxConcurrentInstalls, _options.MaxConcurrentInstalls);
        _chartsRoot = new Lazy<string>(() => ResolveChartsRoot(_options.ChartsRoot));
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
        var chart = ResolveChart(request.Chart);
        var valuesFiles = ValuesFilesFor(chart, request.ValuesFiles);

        var gate = ReleaseLock(request.Namespace, request.Release);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await _installSlots.WaitAsync(cancellationToken);
            try
            {
                var before = await RecoverPendingAsync(request.Release, request.Namespace, helmTimeout, cancellationToken);

                await using var values = request.Values.Count > 0 ? await HelmValuesFile.WriteAsync(request.Values, cancellationToken) : null;
                var args = UpgradeArguments(request, chart, helmTimeout, valuesFiles, values?.Path);
                var result = await RunAsync(call, args, cluster: true, CommandTimeoutFor(helmTimeout, request.Wait), cancellationToken);
                if (result.ExitCode != 0)
                {
                    throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError, ValueStrings(request));
                }

                return new HelmInstallResult(Parse(call, () => HelmJson.ParseRelease(result.StandardOutput)), before);
            }
            finally
            {
                _installSlots.Release();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task UninstallAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        var gate = ReleaseLock(namespaceName, release);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await UninstallCoreAsync(release, namespaceName, _options.OperationTimeout, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RollbackAsync(string release, string namespaceName, int? revision, CancellationToken cancellationToken)
    {
        var gate = ReleaseLock(namespaceName, release);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await RollbackCoreAsync(release, namespaceName, revision, _options.OperationTimeout, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
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

    /// <summary><c>helm lint</c> of a chart with the given values (and the configured environment values files).</summary>
    internal async Task LintAsync(string chart, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var resolved = ResolveChart(chart);
        var call = new HelmCall("lint", chart, "-");
        await using var file = await HelmValuesFile.WriteAsync(values, cancellationToken);
        var args = new List<string> { "lint", resolved, "--strict" };
        AddValuesArgs(args, ValuesFilesFor(resolved, []), file.Path);
        var result = await RunAsync(call, args, cluster: false, _options.CommandTimeout, cancellationToken);
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
        var resolved = ResolveChart(chart);
        var call = new HelmCall("template", release, namespaceName);
        await using var file = await HelmValuesFile.WriteAsync(values, cancellationToken);
        var args = new List<string> { "template", release, resolved, "-n", namespaceName };
        AddValuesArgs(args, ValuesFilesFor(resolved, []), file.Path);
        var result = await RunAsync(call, args, cluster: false, _options.CommandTimeout, cancellationToken);
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
        if (current is null || current.Status is not (HelmReleaseStatus.PendingInstall or HelmReleaseStatus.PendingUpgrade or HelmReleaseStatus.PendingRollback))
        {
            return current;
        }

        var staleAfter = _options.StalePendingAfter ?? Max(_options.OperationTimeout, helmTimeout) + TimeSpan.FromMinutes(1);
        var age = current.Updated is { } updated ? _time.GetUtcNow() - updated : TimeSpan.MaxValue;
        var status = StatusText(current.Status);
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

        var history = await HistoryAsync(release, namespaceName, cancellationToken);
        var target = history
            .Where(r => r.Revision < current.Revision && r.Status is HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded)
            .MaxBy(r => r.Revision)
            ?? throw new PermanentException(
                $"Release '{release}' in namespace '{namespaceName}' is stuck in {status} at revision {current.Revision} and has no earlier " +
                "deployed revision to roll back to; an operator must uninstall or repair it.");
        HelmLog.RecoveringPending(_logger, release, namespaceName, status, SecondsOrMax(age), $"rolling back to revision {target.Revision}");
        await RollbackCoreAsync(release, namespaceName, target.Revision, helmTimeout, cancellationToken);
        return current with { Revision = target.Revision, Status = HelmReleaseStatus.Deployed };
    }

    public async Task<int?> LastDeployedRevisionAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        var current = await GetAsync(release, namespaceName, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var history = await HistoryAsync(release, namespaceName, cancellationToken);
        return history
            .Where(r => r.Revision < current.Revision && r.Status is HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded)
            .MaxBy(r => r.Revision)?.Revision;
    }

    internal async Task<IReadOnlyList<HelmRevision>> HistoryAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        var call = new HelmCall("history", release, namespaceName);
        var result = await RunAsync(call, ["history", release, "-n", namespaceName, "-o", "json", "--max", "256"], cluster: true, _options.CommandTimeout, cancellationToken);
        return result.ExitCode == 0
            ? Parse(call, () => HelmJson.ParseHistory(result.StandardOutput))
            : throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
    }

    private async Task UninstallCoreAsync(string release, string namespaceName, TimeSpan helmTimeout, CancellationToken cancellationToken)
    {
        var call = new HelmCall("uninstall", release, namespaceName);
        var result = await RunAsync(
            call,
            ["uninstall", release, "-n", namespaceName, "--wait", "--timeout", Duration(helmTimeout), "--ignore-not-found"],
            cluster: true,
            CommandTimeoutFor(helmTimeout, rollbackOnFailure: false),
            cancellationToken);
        if (result.ExitCode != 0 && !HelmErrors.IsReleaseNotFound(result.StandardError))
        {
            throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
        }
    }

    private async Task RollbackCoreAsync(string release, string namespaceName, int? revision, TimeSpan helmTimeout, CancellationToken cancellationToken)
    {
        var call = new HelmCall("rollback", release, namespaceName);
        var args = new List<string> { "rollback", release };
        if (revision is { } target)
        {
            args.Add(target.ToString(CultureInfo.InvariantCulture));
        }

        args.AddRange(["-n", namespaceName, "--wait", "--timeout", Duration(helmTimeout)]);
        var result = await RunAsync(call, args, cluster: true, CommandTimeoutFor(helmTimeout, rollbackOnFailure: false), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw HelmErrors.ToException(call.Describe(), result.ExitCode, result.StandardError);
        }
    }

    /// <summary>
    /// Runs helm once. Cancellation kills helm and its descendants and throws
    /// <see cref="OperationCanceledException"/>; exceeding <paramref name="commandTimeout"/> does the same kill
    /// and throws <see cref="TransientException"/>.
    /// </summary>
    private async Task<HelmResult> RunAsync(HelmCall call, List<string> arguments, bool cluster, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (cluster)
        {
            if (!string.IsNullOrWhiteSpace(_options.KubeConfig))
            {
                arguments.AddRange(["--kubeconfig", _options.KubeConfig]);
            }

            if (!string.IsNullOrWhiteSpace(_options.KubeContext))
            {
                arguments.AddRange(["--kube-context", _options.KubeContext]);
            }
        }

        var startInfo = new ProcessStartInfo(_options.BinaryPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NO_COLOR"] = "1";

        using var process = new Process { StartInfo = startInfo };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new PermanentException($"The helm binary '{_options.BinaryPath}' could not be started ({ex.Message}); check Urumi:Helm:BinaryPath.", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(commandTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process);
            var byCaller = cancellationToken.IsCancellationRequested;
            HelmLog.CommandStopped(_logger, call.Verb, call.Release, call.Namespace, stopwatch.ElapsedMilliseconds, byCaller ? "cancelled" : "command timeout");
            cancellationToken.ThrowIfCancellationRequested();
            throw new TransientException(
                $"{call.Describe()} did not finish in {(long)commandTimeout.TotalSeconds} s (Urumi:Helm:CommandTimeout) and was stopped; " +
                "the release may be left pending and is recovered on the next attempt.");
        }

        var output = await stdout;
        var error = await stderr;
        var elapsed = stopwatch.ElapsedMilliseconds;
        if (process.ExitCode == 0)
        {
            HelmLog.CommandFinished(_logger, call.Verb, call.Release, call.Namespace, elapsed, process.ExitCode);
        }
        else if (HelmErrors.IsReleaseNotFound(error))
        {
            // The answer every first install starts with: an outcome the caller reads, not a failure.
            HelmLog.ReleaseNotFound(_logger, call.Verb, call.Release, call.Namespace, elapsed);
        }
        else
        {
            var kind = HelmErrors.IsTransient(error) ? "transient" : "permanent";
            HelmLog.CommandFailed(_logger, call.Verb, call.Release, call.Namespace, elapsed, process.ExitCode, kind);
        }

        return new HelmResult(process.ExitCode, output, error);
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(KillGrace);
        }
        catch (TimeoutException)
        {
            // The kill signal was sent; do not hang the caller on a process that will not die.
        }
    }

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

    private SemaphoreSlim ReleaseLock(string namespaceName, string release) =>
        _releaseLocks.GetOrAdd($"{namespaceName}/{release}", _ => new SemaphoreSlim(1, 1));

    /// <summary>The argument list of <c>helm upgrade --install</c> (without the kube flags added by RunAsync).</summary>
    internal static List<string> UpgradeArguments(HelmInstallRequest request, string chart, TimeSpan helmTimeout, IEnumerable<string> valuesFiles, string? generatedValues)
    {
        var args = new List<string>
        {
            "upgrade", "--install", "--create-namespace", request.Release, chart,
            "-n", request.Namespace, "-o", "json", "--timeout", Duration(helmTimeout),
        };
        if (request.Wait)
        {
            // Helm 4's name for --atomic; it also defaults --wait to the "watcher" strategy.
            args.AddRange(["--wait", "--rollback-on-failure"]);
        }

        AddValuesArgs(args, valuesFiles, generatedValues);
        return args;
    }

    private static void AddValuesArgs(List<string> args, IEnumerable<string> files, string? generated)
    {
        foreach (var file in files)
        {
            args.AddRange(["-f", file]);
        }

        if (generated is not null)
        {
            args.AddRange(["-f", generated]);
        }
    }

    /// <summary>
    /// The configured environment files (inside the chart folder when relative), then the request's (taken from
    /// the chart folder when a relative name exists there, else as given).
    /// </summary>
    private List<string> ValuesFilesFor(string chart, IReadOnlyList<string>? requestFiles)
    {
        var files = new List<string>();
        foreach (var configured in _options.ValuesFiles)
        {
            var path = Path.IsPathRooted(configured) ? configured : Path.Combine(chart, configured);
            if (!File.Exists(path))
            {
                throw new PermanentException($"The values file '{configured}' from Urumi:Helm:ValuesFiles does not exist at '{path}'.");
            }

            files.Add(path);
        }

        foreach (var requested in requestFiles ?? [])
        {
            // A relative name that exists in the chart folder (values-prod.yaml) means that file.
            var inChart = Path.IsPathRooted(requested) ? requested : Path.Combine(chart, requested);
            files.Add(File.Exists(inChart) ? inChart : requested);
        }

        return files;
    }

    /// <summary>
    /// A chart name under <see cref="HelmOptions.ChartsRoot"/> becomes that folder; absolute paths, repo
    /// references (<c>repo/chart</c>) and OCI/HTTP URLs go to helm unchanged.
    /// </summary>
    internal string ResolveChart(string chart)
    {
        if (Path.IsPathRooted(chart) || chart.Contains("://", StringComparison.Ordinal))
        {
            return chart;
        }

        var underRoot = Path.GetFullPath(Path.Combine(_chartsRoot.Value, chart));
        return Directory.Exists(underRoot) || File.Exists(underRoot) ? underRoot : chart;
    }

    /// <summary>An absolute ChartsRoot as is; a relative one is looked for from the app base directory upwards.</summary>
    internal static string ResolveChartsRoot(string chartsRoot)
    {
        if (Path.IsPathRooted(chartsRoot))
        {
            return chartsRoot;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, chartsRoot);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, chartsRoot);
    }

    /// <summary>String leaves of the values; they are cut out of error messages.</summary>
    private static List<string> ValueStrings(HelmInstallRequest request)
    {
        var strings = new List<string>();
        Collect(request.Values);
        strings.RemoveAll(s => s.Length < 4 || s == request.Release || s == request.Namespace);
        return strings;

        void Collect(object? value)
        {
            switch (value)
            {
                case string text:
                    strings.Add(text);
                    break;
                case System.Collections.IDictionary dictionary:
                    foreach (var item in dictionary.Values)
                    {
                        Collect(item);
                    }

                    break;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    foreach (var pair in pairs)
                    {
                        Collect(pair.Value);
                    }

                    break;
                case IEnumerable<KeyValuePair<string, string>> pairs:
                    foreach (var pair in pairs)
                    {
                        Collect(pair.Value);
                    }

                    break;
                case System.Collections.IEnumerable items:
                    foreach (var item in items)
                    {
                        Collect(item);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private static void RequireName(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required.", name);
        }
    }

    private static string Duration(TimeSpan timeout) =>
        $"{Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// CommandTimeout, stretched so helm always gets to its own --timeout first (twice over with
    /// --rollback-on-failure, whose rollback waits again) plus a minute.
    /// </summary>
    private TimeSpan CommandTimeoutFor(TimeSpan helmTimeout, bool rollbackOnFailure) =>
        Max(_options.CommandTimeout, (rollbackOnFailure ? helmTimeout * 2 : helmTimeout) + TimeSpan.FromMinutes(1));

    private static long SecondsOrMax(TimeSpan age) => age == TimeSpan.MaxValue ? long.MaxValue : (long)age.TotalSeconds;

    private static string StatusText(HelmReleaseStatus status) => status switch
    {
        HelmReleaseStatus.PendingInstall => "pending-install",
        HelmReleaseStatus.PendingUpgrade => "pending-upgrade",
        HelmReleaseStatus.PendingRollback => "pending-rollback",
        _ => status.ToString().ToLowerInvariant(),
    };

    private sealed record HelmResult(int ExitCode, string StandardOutput, string StandardError);

    private sealed record HelmCall(string Verb, string Release, string Namespace)
    {
        public string Describe() => Verb switch
        {
            "list" => "helm list of all releases",
            "lint" => $"helm lint of chart '{Release}'",
            _ => $"helm {Verb} of release '{Release}' in namespace '{Namespace}'",
        };
    }
}
