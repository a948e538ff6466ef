namespace Urumi.Chart.Tests;

public sealed record HelmResult(int ExitCode, string Stdout, string Stderr)
{
    public string Describe() => $"exit {ExitCode}\nstderr:\n{Stderr}\nstdout:\n{Stdout}";
}
