using System.Collections.Concurrent;
using System.Security.Cryptography;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Rbac;

/// <summary>
/// Bearer tokens: the admin kubeconfig's token (<see cref="AdminToken"/>, <c>system:masters</c>) and
/// one token per ServiceAccount, issued on request (<see cref="Issue"/> or the API's
/// <c>serviceaccounts/NAME/token</c> subresource). A ServiceAccount token stops working when its
/// ServiceAccount is deleted.
/// </summary>
public sealed class TokenAuthenticator(ObjectStore store)
{
    /// <summary>The token of the kubeconfig <see cref="ClusterSimulator.WriteKubeconfig"/> writes.</summary>
    public const string AdminToken = "urumi-sim";

    private static readonly ApiResource ServiceAccounts = ResourceCatalog.RequireKind("v1", "ServiceAccount");

    private readonly ConcurrentDictionary<string, (string Namespace, string Name)> tokens = new(StringComparer.Ordinal);

    /// <summary>Issues a new bearer token for an existing ServiceAccount (404 when it does not exist).</summary>
    public string Issue(string ns, string name)
    {
        if (store.TryGet(ServiceAccounts, ns, name) is null)
        {
            throw ApiException.NotFound(ServiceAccounts, name);
        }

        var token = "sim-sa." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        tokens[token] = (ns, name);
        return token;
    }

    /// <summary>The user behind an <c>Authorization</c> header value, or null when it names nobody.</summary>
    public UserInfo? Authenticate(string? authorization)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Bearer.Length..].Trim();
        if (token == AdminToken)
        {
            return UserInfo.Admin;
        }

        return tokens.TryGetValue(token, out var account) && store.TryGet(ServiceAccounts, account.Namespace, account.Name) is not null
            ? UserInfo.ServiceAccount(account.Namespace, account.Name)
            : null;
    }
}
