using Urumi.Domain.Ports;

namespace Urumi.Domain.Tests.Ports;

public sealed class NamespaceGoneReportTests
{
    [Fact]
    public void DescribeBlockers_FinalizersAndObjects_NamesBothAndAtMostTenObjects()
    {
        var objects = Enumerable.Range(1, 12).Select(i => $"pod/p{i} (finalizer x)").ToList();
        var report = new NamespaceGoneReport(false, ["namespace n spec.finalizers: kubernetes"], objects);

        var sentence = report.DescribeBlockers();

        Assert.StartsWith("Blocked by finalizers: namespace n spec.finalizers: kubernetes. Remaining: pod/p1 (finalizer x), ", sentence, StringComparison.Ordinal);
        Assert.Contains("pod/p10 (finalizer x).", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("pod/p11", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeBlockers_NothingFound_SaysTheControllerMayBeSlow() =>
        Assert.Equal("Nothing blocking was found; the namespace controller may be slow.", new NamespaceGoneReport(false, [], []).DescribeBlockers());
}
