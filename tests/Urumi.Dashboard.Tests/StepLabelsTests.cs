using System.Reflection;
using System.Text.Json;
using Urumi.Domain.Workflows;

namespace Urumi.Dashboard.Tests;

/// <summary>The page labels every step an operation reports (<see cref="Steps"/>), and no step that does not exist.</summary>
public sealed class StepLabelsTests
{
    [Fact]
    public async Task StepLabels_JsLabels_MatchDomainSteps()
    {
        var (exit, output, error) = await Node.RunAsync(
            Repository.BrowserScript("step-labels.mjs"), [Path.Combine(Repository.DashboardFolder, "format.js")], timeout: TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, error);

        var labelled = JsonSerializer.Deserialize<List<string>>(output)!.Order(StringComparer.Ordinal);
        var steps = typeof(Steps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(steps, labelled);
    }
}
