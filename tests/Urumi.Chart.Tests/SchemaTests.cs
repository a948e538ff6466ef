namespace Urumi.Chart.Tests;

public sealed class SchemaTests
{
    [Theory]
    [InlineData("negative-db-size", "mariadb:\n  persistence:\n    size: -1Gi\n", "/mariadb/persistence/size")]
    [InlineData("negative-content-size", "wordpress:\n  persistence:\n    size: \"-5Gi\"\n", "/wordpress/persistence/size")]
    [InlineData("zero-size", "wordpress:\n  persistence:\n    size: 0Gi\n", "/wordpress/persistence/size")]
    [InlineData("unknown-plan", "store:\n  plan: gold\n", "/store/plan")]
    [InlineData("missing-host", "store:\n  host: \"\"\n", "/store/host")]
    [InlineData("null-host", "store:\n  host: null\n", "/store")]
    [InlineData("missing-secret", "existingSecret: \"\"\n", "/existingSecret")]
    [InlineData("unknown-key", "wordpres:\n  replicas: 2\n", "wordpres")]
    [InlineData("unpinned-image", "images:\n  wordpress:\n    tag: latest\n", "/images/wordpress/tag")]
    [InlineData("bad-environment", "store:\n  environment: staging\n", "/store/environment")]
    public void Template_InvalidValues_AreRejectedBySchema(string name, string overrides, string path)
    {
        var values = ChartRender.WriteTemp($"{name}-{Guid.NewGuid():N}", overrides);

        var result = ChartRender.Template(ChartRender.LocalValues, null, "-f", values);

        Assert.True(result.ExitCode != 0, $"{name} was accepted:\n{result.Describe()}");
        Assert.Contains("schema", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(path, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_PvcLargerThanLimitRangeMax_FailsWithClearMessage()
    {
        var values = ChartRender.WriteTemp($"huge-{Guid.NewGuid():N}", "mariadb:\n  persistence:\n    size: 500Gi\n");

        var result = ChartRender.Template(ChartRender.LocalValues, null, "-f", values);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("mariadb.persistence.size 500Gi exceeds quota.maxPvcSize", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_ProductionWithoutTls_FailsWithClearMessage()
    {
        var values = ChartRender.WriteTemp($"prod-no-tls-{Guid.NewGuid():N}", "ingress:\n  tls:\n    enabled: false\n");

        var result = ChartRender.Template(ChartRender.ProdValues, null, "-f", values);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("store.environment=production needs ingress.tls.enabled=true", result.Stderr, StringComparison.Ordinal);
    }
}
