using Urumi.Platform.Api;

namespace Urumi.Platform.Tests.Api;

public sealed class StoreOverviewTests
{
    [Fact]
    public void Percentile_NoValues_IsNull() => Assert.Null(StoreOverview.Percentile([], 0.5));

    [Fact]
    public void Percentile_TenSortedValues_NearestRankMedianAndNinetyFifth()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, StoreOverview.Percentile(values, 0.50));
        Assert.Equal(10, StoreOverview.Percentile(values, 0.95));
    }

    [Fact]
    public void Percentile_OneValue_IsThatValueRoundedToATenth() => Assert.Equal(2.3, StoreOverview.Percentile([2.345], 0.95));
}
