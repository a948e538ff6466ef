using System.Diagnostics;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>The real helm binary, for asserting on what the product left in the cluster.</summary>
internal static class Helm
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo(Urumi.Testing.Repository.Helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
