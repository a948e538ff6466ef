using System.Globalization;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Helm;

/// <summary>The argument lists of helm's commands (without the kube flags <see cref="HelmRunner"/> adds).</summary>
internal static class HelmArguments
{
    /// <summary>helm's name for "the values come on standard input" as the argument of <c>-f</c>.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// <c>helm upgrade --install</c>; <paramref name="valuesOnStdin"/> adds <c>-f -</c> after the files, so the
    /// request's values (written to stdin) win over every file.
    /// </summary>
    public static List<string> Upgrade(HelmInstallRequest request, string chart, TimeSpan helmTimeout, IEnumerable<string> valuesFiles, bool valuesOnStdin)
    {
        ArgumentNullException.ThrowIfNull(request);
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

        AddValues(args, valuesFiles, valuesOnStdin);
        return args;
    }

    public static List<string> Uninstall(string release, string namespaceName, TimeSpan helmTimeout) =>
        ["uninstall", release, "-n", namespaceName, "--wait", "--timeout", Duration(helmTimeout), "--ignore-not-found"];

    public static List<string> Rollback(string release, string namespaceName, int? revision, TimeSpan helmTimeout)
    {
        var args = new List<string> { "rollback", release };
        if (revision is { } target)
        {
            args.Add(target.ToString(CultureInfo.InvariantCulture));
        }

        args.AddRange(["-n", namespaceName, "--wait", "--timeout", Duration(helmTimeout)]);
        return args;
    }

    public static void AddValues(List<string> args, IEnumerable<string> files, bool valuesOnStdin)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            args.AddRange(["-f", file]);
        }

        if (valuesOnStdin)
        {
            args.AddRange(["-f", StandardInput]);
        }
    }

    /// <summary>helm's <c>--timeout</c>: whole seconds, at least one.</summary>
    public static string Duration(TimeSpan timeout) =>
        $"{Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s";
}
