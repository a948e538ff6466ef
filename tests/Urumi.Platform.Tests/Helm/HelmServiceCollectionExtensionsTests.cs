using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

public sealed class HelmServiceCollectionExtensionsTests
{
    [Fact]
    public void AddUrumiHelm_ConfiguredSection_BindsOptionsAndRegistersHelm()
    {
        using var provider = Provider(new Dictionary<string, string?>
        {
            ["Urumi:Helm:BinaryPath"] = "/opt/helm/helm",
            ["Urumi:Helm:KubeContext"] = "kind-urumi",
            ["Urumi:Helm:OperationTimeout"] = "00:03:00",
            ["Urumi:Helm:MaxConcurrentInstalls"] = "2",
            ["Urumi:Helm:ValuesFiles:0"] = "values-local.yaml",
        });

        var options = provider.GetRequiredService<IOptions<HelmOptions>>().Value;
        var helm = provider.GetRequiredService<IHelm>();

        Assert.IsType<HelmCli>(helm);
        Assert.Equal("/opt/helm/helm", options.BinaryPath);
        Assert.Equal("kind-urumi", options.KubeContext);
        Assert.Null(options.KubeConfig);
        Assert.Equal(TimeSpan.FromMinutes(3), options.OperationTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.CommandTimeout);
        Assert.Equal(2, options.MaxConcurrentInstalls);
        Assert.Equal(["values-local.yaml"], options.ValuesFiles);
    }

    [Fact]
    public void AddUrumiHelm_NoSection_UsesDefaults()
    {
        using var provider = Provider([]);

        var options = provider.GetRequiredService<IOptions<HelmOptions>>().Value;

        Assert.Equal("helm", options.BinaryPath);
        Assert.Equal("charts", options.ChartsRoot);
        Assert.Equal(TimeSpan.FromMinutes(5), options.OperationTimeout);
        Assert.Equal(4, options.MaxConcurrentInstalls);
        Assert.Equal(TimeSpan.FromSeconds(45), options.StalePendingAfter);
    }

    [Theory]
    [InlineData("Urumi:Helm:MaxConcurrentInstalls", "0")]
    [InlineData("Urumi:Helm:BinaryPath", "")]
    [InlineData("Urumi:Helm:CommandTimeout", "00:01:00")]
    [InlineData("Urumi:Helm:StalePendingAfter", "-00:01:00")]
    public void AddUrumiHelm_InvalidSetting_FailsValidation(string key, string value)
    {
        using var provider = Provider(new Dictionary<string, string?> { [key] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HelmOptions>>().Value);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddUrumiHelm();
        return services.BuildServiceProvider();
    }
}
