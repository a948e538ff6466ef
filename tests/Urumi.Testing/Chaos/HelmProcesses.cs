using System.Diagnostics;
using System.Globalization;

namespace Urumi.Testing.Chaos;

/// <summary>
/// The helm processes running one command on one release of one stack, found by their command line
/// (<c>/proc/{pid}/cmdline</c>): the verb, the release, <c>-n {namespace}</c> and <c>--kubeconfig</c>
/// naming that stack's own kubeconfig — so a helm of another run (another stack, another directory)
/// is never matched.
/// </summary>
public static class HelmProcesses
{
    /// <summary>Sends SIGKILL to every matching helm process; returns how many were killed.</summary>
    public static int Kill(string kubeconfig, string verb, string release, string namespaceName)
    {
        var killed = 0;
        foreach (var pid in Find(kubeconfig, verb, release, namespaceName))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(); // SIGKILL on Linux: helm runs no cleanup, its release stays pending-*
                process.WaitForExit(TimeSpan.FromSeconds(10));
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It ended on its own between the listing and the kill.
            }
        }

        return killed;
    }

    public static IReadOnlyList<int> Find(string kubeconfig, string verb, string release, string namespaceName)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }

            if (args.Length > 1 && Path.GetFileName(args[0]) == "helm" && args[1] == verb && args.Contains(release)
                && Follows(args, "-n", namespaceName) && Follows(args, "--kubeconfig", kubeconfig))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static bool Follows(string[] args, string option, string value)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == option && args[i + 1] == value)
            {
                return true;
            }
        }

        return false;
    }
}
