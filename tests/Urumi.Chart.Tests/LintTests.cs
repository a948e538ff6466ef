namespace Urumi.Chart.Tests;

public sealed class LintTests
{
    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Lint_StrictWithEnvironmentAndStoreValues_IsClean(string environmentFile)
    {
        var result = Helm.Offline.Run(
            "lint", "--strict", ChartRender.ChartDirectory,
            "--namespace", ChartRender.Namespace,
            "-f", Path.Combine(ChartRender.ChartDirectory, environmentFile),
            "-f", ChartRender.StoreValuesFile(Urumi.Domain.Engines.WooCommerceEngine.Small));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("0 chart(s) failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_ChartDefaultsWithOnlyStoreValues_AreClean()
    {
        var result = Helm.Offline.Run(
            "lint", "--strict", ChartRender.ChartDirectory,
            "-f", ChartRender.StoreValuesFile(Urumi.Domain.Engines.WooCommerceEngine.Small));

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
