using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Rbac;

/// <summary>
/// Decides requests the way the Kubernetes RBAC authorizer does, from the Roles, ClusterRoles,
/// RoleBindings and ClusterRoleBindings in the <see cref="ObjectStore"/> at the time of each request
/// (so a test can change a role between calls). <c>system:masters</c> may do anything. A rule
/// matches when its verbs, API groups and resources (<c>*</c>, <c>resource/subresource</c> and
/// <c>*/subresource</c> included) and, if it lists any, resourceNames all match; non-resource rules
/// match a path exactly or by a trailing <c>*</c>. Aggregated ClusterRoles are not evaluated.
/// </summary>
public sealed class RbacAuthorizer(ObjectStore store)
{
    private static readonly ApiResource RolesResource = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "Role");
    private static readonly ApiResource ClusterRolesResource = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRole");
    private static readonly ApiResource RoleBindingsResource = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "RoleBinding");
    private static readonly ApiResource ClusterRoleBindingsResource = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");

    private readonly ConcurrentQueue<string> denials = new();
    private readonly ConcurrentQueue<(UserInfo User, RequestAttributes Request)> granted = new();

    /// <summary>Every denied request so far, as <c>USER: ATTRIBUTES</c> (diagnosis in tests).</summary>
    public IReadOnlyCollection<string> Denials => denials;

    /// <summary>Every request allowed by a rule so far (not those of <c>system:masters</c>): which grants a run used.</summary>
    public IReadOnlyCollection<(UserInfo User, RequestAttributes Request)> Granted => granted;

    public bool IsAllowed(UserInfo user, RequestAttributes request)
    {
        if (user.Groups.Contains("system:masters"))
        {
            return true;
        }

        var allowed = RulesFor(user, request.Namespace).Any(rule => Matches(rule, request));
        if (allowed)
        {
            granted.Enqueue((user, request));
        }
        else
        {
            denials.Enqueue($"{user.Name}: {request}");
        }

        return allowed;
    }

    /// <summary>The 403 the real API server answers for a denied request.</summary>
    public static ApiException Forbidden(UserInfo user, RequestAttributes request)
    {
        if (!request.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"");
        }

        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var subject = request.Name is null ? qualified : $"{qualified} \"{request.Name}\"";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var details = new JsonObject { ["group"] = request.ApiGroup, ["kind"] = request.Resource };
        if (request.Name is not null)
        {
            details.Insert(0, "name", request.Name);
        }

        return new ApiException(
            403,
            "Forbidden",
            $"{subject} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.ApiGroup}\" {scope}",
            details);
    }

    private IEnumerable<JsonObject> RulesFor(UserInfo user, string? ns)
    {
        foreach (var binding in store.List(ClusterRoleBindingsResource).Where(b => Binds(b, user)))
        {
            foreach (var rule in RoleRules(binding, null))
            {
                yield return rule;
            }
        }

        if (ns is null)
        {
            yield break;
        }

        foreach (var binding in store.List(RoleBindingsResource, ns).Where(b => Binds(b, user)))
        {
            foreach (var rule in RoleRules(binding, ns))
            {
                yield return rule;
            }
        }
    }

    private IEnumerable<JsonObject> RoleRules(JsonObject binding, string? bindingNamespace)
    {
        var kind = binding.Str("roleRef", "kind");
        var name = binding.Str("roleRef", "name") ?? "";
        var role = kind switch
        {
            "ClusterRole" => store.TryGet(ClusterRolesResource, null, name),
            "Role" when bindingNamespace is not null => store.TryGet(RolesResource, bindingNamespace, name),
            _ => null,
        };
        return (role?.At("rules") as JsonArray ?? []).OfType<JsonObject>();
    }

    private static bool Binds(JsonObject binding, UserInfo user) =>
        (binding.At("subjects") as JsonArray ?? []).OfType<JsonObject>().Any(subject => subject.Str("kind") switch
        {
            "User" => subject.Str("name") == user.Name,
            "Group" => user.Groups.Contains(subject.Str("name") ?? ""),
            "ServiceAccount" => user.Name == $"system:serviceaccount:{subject.Str("namespace")}:{subject.Str("name")}",
            _ => false,
        });

    /// <summary>Whether <paramref name="rule"/> (a PolicyRule object) allows <paramref name="request"/>.</summary>
    public static bool Matches(JsonObject rule, RequestAttributes request)
    {
        var verbs = Strings(rule, "verbs");
        if (!verbs.Contains("*") && !verbs.Contains(request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return Strings(rule, "nonResourceURLs").Any(url => url == "*" || url == request.Path || (url.EndsWith('*') && request.Path!.StartsWith(url[..^1], StringComparison.Ordinal)));
        }

        var groups = Strings(rule, "apiGroups");
        if (!groups.Contains("*") && !groups.Contains(request.ApiGroup))
        {
            return false;
        }

        var resources = Strings(rule, "resources");
        var resourceMatches = request.Subresource is null
            ? resources.Contains("*") || resources.Contains(request.Resource)
            : resources.Contains("*") || resources.Contains(request.ResourceWithSubresource) || resources.Contains("*/" + request.Subresource);
        if (!resourceMatches)
        {
            return false;
        }

        var names = Strings(rule, "resourceNames");
        return names.Count == 0 || (request.Name is not null && names.Contains(request.Name));
    }

    private static List<string> Strings(JsonObject rule, string field) =>
        (rule.At(field) as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
}
