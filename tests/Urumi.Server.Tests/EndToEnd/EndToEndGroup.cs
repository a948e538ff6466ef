namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// End-to-end classes run one after another: each starts server processes, helm and a simulator,
/// and their timing assertions (deadlines, recovery) should not compete with each other for 2 cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
