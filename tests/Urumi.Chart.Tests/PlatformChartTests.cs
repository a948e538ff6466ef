using k8s.Models;

namespace Urumi.Chart.Tests;

/// <summary>The platform chart (charts/urumi): lint, the rendered Deployment's safety settings, the RBAC it grants.</summary>
public sealed class PlatformChartTests
{
    public static TheoryData<string> ValuesFiles => new() { "values-local.yaml", "values-prod.yaml", "values.yaml" };

    [Theory]
    [InlineData("values-local.yaml")]
    [InlineData("values-prod.yaml")]
    public void Lint_StrictWithEachValuesFile_IsClean(string valuesFile)
    {
        var result = Helm.Offline.Run("lint", "--strict", PlatformChart.Directory, "--namespace", PlatformChart.Namespace, "-f", Path.Combine(PlatformChart.Directory, valuesFile));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.DoesNotContain("[WARNING]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Deployment_Rendered_HasReplicasSpreadProbesAndLimits(string valuesFile)
    {
        var deployment = PlatformChart.One<V1Deployment>(valuesFile);
        var pod = deployment.Spec.Template.Spec;
        var server = Assert.Single(pod.Containers);

        Assert.True(deployment.Spec.Replicas >= 2);
        Assert.Equal(0, int.Parse(deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, System.Globalization.CultureInfo.InvariantCulture));
        var spread = Assert.Single(pod.TopologySpreadConstraints);
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, spread.LabelSelector.MatchLabels);
        Assert.Equal("/api/health/ready", server.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/api/health/live", server.LivenessProbe.HttpGet.Path);
        Assert.True(pod.TerminationGracePeriodSeconds > 60, "longer than the 60 s readiness slice");
        Assert.NotNull(server.Resources.Requests["cpu"]);
        Assert.NotNull(server.Resources.Requests["memory"]);
        Assert.NotNull(server.Resources.Limits["cpu"]);
        Assert.NotNull(server.Resources.Limits["memory"]);
        Assert.Equal("urumi", pod.ServiceAccountName);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Deployment_Rendered_RunsNonRootOnReadOnlyRoot(string valuesFile)
    {
        var pod = PlatformChart.One<V1Deployment>(valuesFile).Spec.Template.Spec;
        var server = Assert.Single(pod.Containers);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.True(server.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(server.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], server.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var tmp = Assert.Single(server.VolumeMounts);
        Assert.Equal("/tmp", tmp.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
    }

    [Fact]
    public void Deployment_IngressAndAdmins_ServerAllowsTheIngressAndServiceHostsAndNamesTheAdmins()
    {
        var server = PlatformChart.One<V1Deployment>("values-prod.yaml", "--set", "ingress.enabled=true", "--set", "ingress.host=shops-api.example.org", "--set", "apiKeys.admins[0]=ops")
            .Spec.Template.Spec.Containers.Single();

        var allowed = server.Env.Where(e => e.Name.StartsWith("Urumi__Server__AllowedHosts__", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.Contains("shops-api.example.org", allowed);
        Assert.Contains(allowed, host => host.EndsWith($".{PlatformChart.Namespace}.svc.cluster.local", StringComparison.Ordinal));
        Assert.Equal("ops", Assert.Single(server.Env, e => e.Name.StartsWith("Urumi__Server__Admins__", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void Deployment_Rendered_TakesSecretsOnlyFromExistingSecrets()
    {
        var server = PlatformChart.One<V1Deployment>("values-prod.yaml", "--set", "storage.existingSecret=my-storage", "--set", "apiKeys.existingSecret=my-keys").Spec.Template.Spec.Containers.Single();

        var storage = Assert.Single(server.Env, e => e.Name == "AzureWebJobsStorage");
        Assert.Null(storage.Value);
        Assert.Equal("my-storage", storage.ValueFrom.SecretKeyRef.Name);
        var keys = Assert.Single(server.EnvFrom);
        Assert.Equal("my-keys", keys.SecretRef.Name);
        Assert.Equal("Urumi__Server__ApiKeys__", keys.Prefix);
        Assert.Equal("0.0.0.0:8080", server.Env.Single(e => e.Name == "Urumi__Server__Listen").Value);
        Assert.DoesNotContain(server.Env, e => e.Name.Contains("ApiKeys", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void PodDisruptionBudget_Rendered_SelectsTheServerPods(string valuesFile)
    {
        var objects = PlatformChart.Objects(valuesFile);
        var deployment = objects.OfType<V1Deployment>().Single();
        var budget = objects.OfType<V1PodDisruptionBudget>().Single();

        Assert.Equal(deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        Assert.All(deployment.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
    }

    [Fact]
    public void Ingress_Prod_ServesTheApiOverTlsFromCertManager()
    {
        var ingress = PlatformChart.One<V1Ingress>("values-prod.yaml");
        var service = PlatformChart.One<V1Service>("values-prod.yaml");

        Assert.Equal("urumi-tls", Assert.Single(ingress.Spec.Tls).SecretName);
        Assert.Equal("letsencrypt-prod", ingress.Metadata.Annotations["cert-manager.io/cluster-issuer"]);
        var backend = Assert.Single(Assert.Single(ingress.Spec.Rules).Http.Paths).Backend.Service;
        Assert.Equal(service.Metadata.Name, backend.Name);
        Assert.Equal("http", backend.Port.Name);
    }

    [Fact]
    public void Ingress_Defaults_IsNotRendered()
    {
        Assert.Empty(PlatformChart.Objects("values.yaml").OfType<V1Ingress>());
    }

    [Fact]
    public void NetworkPolicy_Rendered_AllowsOnlyTheApiPortInAndDnsApiStorageOut()
    {
        var policy = PlatformChart.One<V1NetworkPolicy>("values-prod.yaml");

        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        var ingress = Assert.Single(policy.Spec.Ingress);
        Assert.Equal("http", Assert.Single(ingress.Ports).Port.Value);
        Assert.Equal("ingress-nginx", Assert.Single(ingress.FromProperty).NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        var egressPorts = policy.Spec.Egress.SelectMany(e => e.Ports).Select(p => p.Port.Value).ToList();
        Assert.Equal(["53", "53", "80", "443", "6443"], egressPorts);
    }

    [Fact]
    public void ClusterRole_Rendered_HasNoWildcardsAndIsBoundOnlyToTheChartServiceAccount()
    {
        var objects = PlatformChart.Objects("values-prod.yaml");
        var role = objects.OfType<V1ClusterRole>().Single();
        var binding = objects.OfType<V1ClusterRoleBinding>().Single();

        Assert.All(role.Rules, rule =>
        {
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("*", rule.ApiGroups);
            Assert.Null(rule.NonResourceURLs);
            Assert.DoesNotContain(rule.Verbs, verb => verb is "escalate" or "bind" or "impersonate");
        });
        Assert.DoesNotContain(role.Rules, rule => rule.ApiGroups.Contains("rbac.authorization.k8s.io"));
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "urumi", "urumi"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Empty(objects.OfType<V1Role>());
        Assert.Empty(objects.OfType<V1RoleBinding>());
    }

    [Theory]
    [InlineData("replicaCount=1", "replicaCount")]
    [InlineData("terminationGracePeriodSeconds=30", "terminationGracePeriodSeconds")]
    [InlineData("storage.existingSecret=", "existingSecret")]
    [InlineData("probes.livenessPath=healthz", "livenessPath")]
    public void Schema_UnsafeValue_IsRejected(string setting, string named)
    {
        var result = Helm.Offline.Run("template", "urumi", PlatformChart.Directory, "--set", setting);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }
}
