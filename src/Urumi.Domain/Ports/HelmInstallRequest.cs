namespace Urumi.Domain.Ports;

public sealed record HelmInstallRequest(
    string Release,
    string Namespace,
    string Chart,
    IReadOnlyList<string> ValuesFiles,
    IReadOnlyDictionary<string, object?> Values,
    TimeSpan Timeout,
    bool Wait);
