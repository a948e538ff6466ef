using Urumi.Domain;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>The real helm binary against tests/charts/mini-store (no cluster needed).</summary>
public sealed class HelmChartTests : IDisposable
{
    private readonly HelmCli _helm = HelmTestEnvironment.CreateCli(new HelmOptions { BinaryPath = HelmTestEnvironment.HelmBinary });

    [Fact]
    public async Task LintAsync_MiniStoreWithStoreValues_Passes()
    {
        var values = HelmTestEnvironment.StoreValues("shop-a", "shop-a-credentials");

        var lint = _helm.LintAsync(HelmTestEnvironment.MiniStoreChart, values, CancellationToken.None);

        await lint; // throws on any lint error
    }

    [Fact]
    public async Task TemplateAsync_MiniStoreWithStoreValues_RendersStoreObjects()
    {
        var values = HelmTestEnvironment.StoreValues("shop-a", "shop-a-credentials");

        var manifest = await _helm.TemplateAsync("shop-a", "store-shop-a", HelmTestEnvironment.MiniStoreChart, values, CancellationToken.None);

        Assert.Contains("kind: Deployment", manifest, StringComparison.Ordinal);
        Assert.Contains("name: shop-a-wordpress", manifest, StringComparison.Ordinal);
        Assert.Contains("host: \"shop-a.shops.example.test\"", manifest, StringComparison.Ordinal);
        Assert.Contains("name: shop-a-credentials", manifest, StringComparison.Ordinal);
        Assert.Contains("storage: \"2Gi\"", manifest, StringComparison.Ordinal);
        Assert.Contains("urumi.io/store: shop-a", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateAsync_WithoutExistingSecret_ThrowsPermanentWithHelmMessage()
    {
        var values = HelmTestEnvironment.StoreValues("shop-a", existingSecret: null);

        var error = await Assert.ThrowsAsync<PermanentException>(
            () => _helm.TemplateAsync("shop-a", "store-shop-a", HelmTestEnvironment.MiniStoreChart, values, CancellationToken.None));

        Assert.Contains("existingSecret is required", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("helm template of release 'shop-a'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Error:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateAsync_UnknownValuesKey_ThrowsPermanentFromSchema()
    {
        var values = HelmTestEnvironment.StoreValues("shop-a", "shop-a-credentials");
        values["unexpected"] = true;

        var error = await Assert.ThrowsAsync<PermanentException>(
            () => _helm.TemplateAsync("shop-a", "store-shop-a", HelmTestEnvironment.MiniStoreChart, values, CancellationToken.None));

        Assert.Contains("unexpected", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _helm.Dispose();
}
