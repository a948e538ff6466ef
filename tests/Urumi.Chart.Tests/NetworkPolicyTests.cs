using k8s.Models;

namespace Urumi.Chart.Tests;

/// <summary>
/// Turns the rendered NetworkPolicies into the set of allowed flows between the store's own pods
/// (by component) and outside peers, and compares it with the intended set.
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly string[] DownloadFlows =
    [
        "egress mariadb -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) TCP/53",
        "egress mariadb -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) UDP/53",
        "egress setup -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) TCP/53",
        "egress setup -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) UDP/53",
        "egress setup -> ipBlock(0.0.0.0/0 except 10.0.0.0/8,100.64.0.0/10,169.254.0.0/16,172.16.0.0/12,192.168.0.0/16) TCP/443",
        "egress setup -> mariadb TCP/3306",
        "egress wordpress -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) TCP/53",
        "egress wordpress -> dns(ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=kube-dns]) UDP/53",
        "egress wordpress -> mariadb TCP/3306",
        "ingress mariadb <- setup TCP/3306",
        "ingress mariadb <- wordpress TCP/3306",
    ];

    [Theory]
    [InlineData(ChartRender.LocalValues, "ns[kubernetes.io/metadata.name=kube-system] pod[app.kubernetes.io/name=traefik]")]
    [InlineData(ChartRender.ProdValues, "ns[kubernetes.io/metadata.name=ingress-nginx] pod[app.kubernetes.io/name=ingress-nginx]")]
    public void Render_NetworkPolicies_AllowExactlyTheIntendedFlows(string environmentFile, string ingressController)
    {
        var expected = DownloadFlows.Append($"ingress wordpress <- {ingressController} TCP/80").Order(StringComparer.Ordinal).ToList();

        var actual = Flows(environmentFile);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Render_PluginsBakedIntoImage_NoHttpsEgress()
    {
        var actual = Flows(ChartRender.ProdValues, "--set", "setup.pluginSource=image");

        Assert.DoesNotContain(actual, f => f.Contains("ipBlock", StringComparison.Ordinal) || f.EndsWith("/443", StringComparison.Ordinal));
        Assert.Contains("egress setup -> mariadb TCP/3306", actual);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_DefaultDeny_SelectsEveryPodForIngressAndEgress(string environmentFile)
    {
        var deny = Assert.Single(ChartRender.OfType<V1NetworkPolicy>(environmentFile), p => p.Spec.Ingress is null && p.Spec.Egress is null);

        Assert.Empty(deny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Empty(deny.Spec.PodSelector.MatchExpressions ?? []);
        Assert.Equal(["Egress", "Ingress"], deny.Spec.PolicyTypes.Order(StringComparer.Ordinal));
    }

    private static List<string> Flows(string environmentFile, params string[] extra)
    {
        var pods = ChartRender.PodTemplates(environmentFile, null, extra)
            .Select(p => (Component: p.Template.Metadata.Labels["app.kubernetes.io/component"], Labels: p.Template.Metadata.Labels))
            .ToList();
        var flows = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var policy in ChartRender.OfType<V1NetworkPolicy>(environmentFile, null, extra))
        {
            var targets = pods.Where(p => LabelSelectors.Matches(policy.Spec.PodSelector, p.Labels)).Select(p => p.Component).ToList();
            Assert.True(targets.Count > 0, $"NetworkPolicy/{policy.Name()} selects no store pod");
            foreach (var target in targets)
            {
                foreach (var rule in policy.Spec.Ingress ?? [])
                {
                    foreach (var peer in Peers(rule.FromProperty, pods))
                    {
                        foreach (var port in Ports(rule.Ports))
                        {
                            flows.Add($"ingress {target} <- {peer} {port}");
                        }
                    }
                }

                foreach (var rule in policy.Spec.Egress ?? [])
                {
                    foreach (var peer in Peers(rule.To, pods))
                    {
                        foreach (var port in Ports(rule.Ports))
                        {
                            flows.Add($"egress {target} -> {peer} {port}");
                        }
                    }
                }
            }
        }

        return [.. flows];
    }

    private static IEnumerable<string> Peers(IList<V1NetworkPolicyPeer>? peers, List<(string Component, IDictionary<string, string> Labels)> pods)
    {
        // A rule without peers allows everything: name it so the comparison fails loudly.
        if (peers is null || peers.Count == 0)
        {
            yield return "ANYONE";
            yield break;
        }

        foreach (var peer in peers)
        {
            if (peer.IpBlock is { } block)
            {
                yield return $"ipBlock({block.Cidr} except {string.Join(",", (block.Except ?? []).Order(StringComparer.Ordinal))})";
            }
            else if (peer.NamespaceSelector is not null)
            {
                var isDns = peer.PodSelector?.MatchLabels?.ContainsKey("k8s-app") == true;
                var text = $"ns[{LabelSelectors.Describe(peer.NamespaceSelector)}] pod[{LabelSelectors.Describe(peer.PodSelector)}]";
                yield return isDns ? $"dns({text})" : text;
            }
            else
            {
                var matched = pods.Where(p => LabelSelectors.Matches(peer.PodSelector, p.Labels)).Select(p => p.Component).ToList();
                Assert.True(matched.Count > 0, $"peer {LabelSelectors.Describe(peer.PodSelector)} matches no store pod");
                foreach (var component in matched)
                {
                    yield return component;
                }
            }
        }
    }

    private static IEnumerable<string> Ports(IList<V1NetworkPolicyPort>? ports)
    {
        if (ports is null || ports.Count == 0)
        {
            yield return "ALL-PORTS";
            yield break;
        }

        foreach (var p in ports)
        {
            yield return $"{p.Protocol ?? "TCP"}/{p.Port}";
        }
    }
}
