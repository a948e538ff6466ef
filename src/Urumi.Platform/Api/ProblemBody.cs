namespace Urumi.Platform.Api;

/// <summary>RFC 9457 problem details; <see cref="Type"/> is one of <see cref="ProblemTypes"/>.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors);
