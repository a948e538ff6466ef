namespace Urumi.Testing;

/// <summary>What one helm run printed and how it ended.</summary>
public sealed record HelmOutput(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Standard output then standard error, for assertions that look for a phrase in either.</summary>
    public string Output => Stdout + Stderr;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }

    public string Describe() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.00} s\nstderr:\n{Stderr}\nstdout:\n{Stdout}";

    public override string ToString() => Describe();
}
