using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Urumi.Domain;
using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Helm;

/// <summary>
/// Runs the helm binary once through CliWrap: an argument list (never a shell string), values only on
/// stdin, the kube flags of the configuration, one log line per command, and a process-tree kill on
/// cancellation or when the command timeout passes. Each finished command is timed in <see cref="UrumiMetrics"/> with its exit code.
/// </summary>
internal sealed class HelmRunner(HelmOptions options, ILogger logger, TimeProvider time, UrumiMetrics? metrics = null)
{
    /// <summary>
    /// Runs helm with <paramref name="arguments"/> (plus <c>--kubeconfig</c>/<c>--kube-context</c> when
    /// <paramref name="cluster"/>), writing <paramref name="standardInput"/> to its stdin. Cancellation kills helm
    /// and its descendants and throws <see cref="OperationCanceledException"/>; exceeding
    /// <paramref name="commandTimeout"/> does the same kill and throws <see cref="TransientException"/>.
    /// </summary>
    public async Task<HelmResult> RunAsync(
        HelmCall call, List<string> arguments, bool cluster, TimeSpan commandTimeout, ReadOnlyMemory<byte> standardInput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (cluster)
        {
            AddKubeFlags(arguments);
        }

        var command = Cli.Wrap(options.BinaryPath)
            .WithArguments(arguments)
            .WithEnvironmentVariables(env => env.Set("NO_COLOR", "1"))
            .WithStandardInputPipe(standardInput.IsEmpty ? PipeSource.Null : PipeSource.FromBytes(standardInput))
            .WithValidation(CommandResultValidation.None);

        using var timeout = new CancellationTokenSource(commandTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopwatch = Stopwatch.StartNew();
        BufferedCommandResult result;
        try
        {
            result = await command.ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, linked.Token);
        }
        catch (Win32Exception ex)
        {
            throw new PermanentException($"The helm binary '{options.BinaryPath}' could not be started ({ex.Message}); check Urumi:Helm:BinaryPath.", ex);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var byCaller = cancellationToken.IsCancellationRequested;
            HelmLog.CommandStopped(logger, call.Verb, call.Release, call.Namespace, stopwatch.ElapsedMilliseconds, byCaller ? "cancelled" : "command timeout");
            cancellationToken.ThrowIfCancellationRequested();
            throw new TransientException(
                $"{call.Describe()} did not finish in {(long)commandTimeout.TotalSeconds} s (Urumi:Helm:CommandTimeout) and was stopped; " +
                "the release may be left pending and is recovered on the next attempt.");
        }

        Log(call, result.ExitCode, result.StandardError, stopwatch.ElapsedMilliseconds);
        metrics?.HelmCommand(call.Verb, result.ExitCode, stopwatch.Elapsed);
        return new HelmResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    private void AddKubeFlags(List<string> arguments)
    {
        if (!string.IsNullOrWhiteSpace(options.KubeConfig))
        {
            arguments.AddRange(["--kubeconfig", options.KubeConfig]);
        }

        if (!string.IsNullOrWhiteSpace(options.KubeContext))
        {
            arguments.AddRange(["--kube-context", options.KubeContext]);
        }
    }

    private void Log(HelmCall call, int exitCode, string error, long elapsed)
    {
        if (exitCode == 0)
        {
            HelmLog.CommandFinished(logger, call.Verb, call.Release, call.Namespace, elapsed, exitCode);
        }
        else if (HelmErrors.IsReleaseNotFound(error))
        {
            // The answer every first install starts with: an outcome the caller reads, not a failure.
            HelmLog.ReleaseNotFound(logger, call.Verb, call.Release, call.Namespace, elapsed);
        }
        else
        {
            var kind = HelmErrors.IsTransient(error) ? "transient" : "permanent";
            HelmLog.CommandFailed(logger, call.Verb, call.Release, call.Namespace, elapsed, exitCode, kind);
        }
    }
}
