namespace Urumi.Platform.Dashboard;

/// <summary>A host-neutral static-file answer, written by the Functions app and Urumi.Server alike.</summary>
public sealed record StaticFileResult(int Status, string ContentType, ReadOnlyMemory<byte> Content, IReadOnlyDictionary<string, string> Headers);
