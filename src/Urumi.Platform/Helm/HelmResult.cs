namespace Urumi.Platform.Helm;

/// <summary>What one helm process ended with.</summary>
internal sealed record HelmResult(int ExitCode, string StandardOutput, string StandardError);
