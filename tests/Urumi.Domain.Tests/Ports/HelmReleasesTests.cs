using Urumi.Domain.Ports;

namespace Urumi.Domain.Tests.Ports;

public sealed class HelmReleasesTests
{
    [Theory]
    [InlineData(HelmReleaseStatus.PendingInstall, true)]
    [InlineData(HelmReleaseStatus.PendingUpgrade, true)]
    [InlineData(HelmReleaseStatus.PendingRollback, true)]
    [InlineData(HelmReleaseStatus.Deployed, false)]
    [InlineData(HelmReleaseStatus.Failed, false)]
    [InlineData(HelmReleaseStatus.Uninstalling, false)]
    public void IsPending_EachStatus_OnlyThePendingOnes(HelmReleaseStatus status, bool pending) =>
        Assert.Equal(pending, status.IsPending());

    [Theory]
    [InlineData(HelmReleaseStatus.PendingRollback, "pending-rollback")]
    [InlineData(HelmReleaseStatus.Superseded, "superseded")]
    public void ToHelmText_Status_AsHelmPrintsIt(HelmReleaseStatus status, string text) =>
        Assert.Equal(text, status.ToHelmText());

    [Fact]
    public void LastGoodRevision_FailedAndNewerRevisions_NewestEarlierDeployedOrSuperseded()
    {
        HelmRevision[] history =
        [
            Revision(1, HelmReleaseStatus.Superseded),
            Revision(2, HelmReleaseStatus.Superseded),
            Revision(3, HelmReleaseStatus.Failed),
            Revision(4, HelmReleaseStatus.PendingUpgrade),
            Revision(5, HelmReleaseStatus.Deployed),
        ];

        Assert.Equal(2, history.LastGoodRevision(currentRevision: 4));
    }

    [Fact]
    public void LastGoodRevision_NoEarlierGoodRevision_Null()
    {
        HelmRevision[] history = [Revision(1, HelmReleaseStatus.Failed), Revision(2, HelmReleaseStatus.PendingUpgrade)];

        Assert.Null(history.LastGoodRevision(currentRevision: 2));
    }

    private static HelmRevision Revision(int number, HelmReleaseStatus status) => new(number, status, null, null);
}
