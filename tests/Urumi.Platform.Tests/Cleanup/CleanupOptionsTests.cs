using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urumi.Platform.Cleanup;

namespace Urumi.Platform.Tests.Cleanup;

public sealed class CleanupOptionsTests
{
    private static IOptions<CleanupOptions> Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddUrumiCleanup().BuildServiceProvider().GetRequiredService<IOptions<CleanupOptions>>();
    }

    [Fact]
    public void Bind_NoSettings_UsesTheDocumentedDefaults()
    {
        var options = Bind().Value;

        Assert.Equal((CleanupOptions.DefaultSchedule, true, false, TimeSpan.FromDays(7), TimeSpan.FromDays(30), 3),
            (options.Schedule, options.Enabled, options.DryRun, options.FailedRetention, options.HistoryRetention, options.MaxParallelDeletes));
    }

    [Fact]
    public void Bind_InvalidSchedule_FailsValidationNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Urumi:Cleanup:Schedule", "every hour")).Value);

        Assert.Contains("Urumi:Cleanup:Schedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ZeroParallelDeletes_FailsValidation()
    {
        Assert.Throws<OptionsValidationException>(() => Bind(("Urumi:Cleanup:MaxParallelDeletes", "0")).Value);
    }
}
