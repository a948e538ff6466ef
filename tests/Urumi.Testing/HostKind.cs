namespace Urumi.Testing;

/// <summary>The two hosts of the same API and workflows; every end-to-end scenario that a user of either would notice runs on both.</summary>
public enum HostKind
{
    /// <summary>Urumi.Server: ASP.NET Core + DTFx, several replicas per hub.</summary>
    Server,

    /// <summary>The Azure Functions host (the runtime of <c>func start</c>) over the Functions app.</summary>
    Functions,
}
