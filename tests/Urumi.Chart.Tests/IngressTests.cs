using k8s.Models;

namespace Urumi.Chart.Tests;

public sealed class IngressTests
{
    [Theory]
    [InlineData(ChartRender.LocalValues, "traefik")]
    [InlineData(ChartRender.ProdValues, "nginx")]
    public void Render_Ingress_RoutesTheStoreHostRootToTheWordPressService(string environmentFile, string ingressClass)
    {
        var objects = ChartRender.Objects(environmentFile);
        var ingress = Assert.Single(objects.OfType<V1Ingress>());
        var rule = Assert.Single(ingress.Spec.Rules);
        var path = Assert.Single(rule.Http.Paths);
        var service = Assert.Single(objects.OfType<V1Service>(), s => s.Name() == path.Backend.Service.Name);

        Assert.Equal(ingressClass, ingress.Spec.IngressClassName);
        Assert.Equal(ChartRender.Naming.Host, rule.Host);
        Assert.Equal("/", path.Path);
        Assert.Equal("Prefix", path.PathType);
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Contains(service.Spec.Ports, p => p.Name == path.Backend.Service.Port.Name);
    }

    [Fact]
    public void Render_Production_TerminatesTlsWithCertManager()
    {
        var ingress = Assert.Single(ChartRender.OfType<V1Ingress>(ChartRender.ProdValues));
        var tls = Assert.Single(ingress.Spec.Tls);

        Assert.Equal([ChartRender.Naming.Host], tls.Hosts);
        Assert.Equal("shop-demo-tls", tls.SecretName);
        Assert.True(ingress.Metadata.Annotations.ContainsKey("cert-manager.io/cluster-issuer"));
    }

    [Fact]
    public void Render_Local_ServesPlainHttp()
    {
        var ingress = Assert.Single(ChartRender.OfType<V1Ingress>(ChartRender.LocalValues));

        Assert.Null(ingress.Spec.Tls);
    }
}
