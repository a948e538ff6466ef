namespace Urumi.Domain.Workflows;

public sealed record BatchProgress(int Total, int Finished, int Ready, int Failed);
