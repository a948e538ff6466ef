using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Stores;

public sealed class StoreLifecycleTests
{
    [Theory]
    [InlineData(null, StoreStatus.Provisioning)]
    [InlineData(StoreStatus.Provisioning, StoreStatus.Ready)]
    [InlineData(StoreStatus.Provisioning, StoreStatus.Failed)]
    [InlineData(StoreStatus.Ready, StoreStatus.Deleting)]
    [InlineData(StoreStatus.Ready, StoreStatus.Provisioning)]
    [InlineData(StoreStatus.Failed, StoreStatus.Provisioning)]
    [InlineData(StoreStatus.Failed, StoreStatus.Deleting)]
    [InlineData(StoreStatus.Deleting, StoreStatus.Deleted)]
    [InlineData(StoreStatus.Deleting, StoreStatus.Failed)]
    [InlineData(StoreStatus.Deleted, StoreStatus.Provisioning)]
    [InlineData(StoreStatus.Ready, StoreStatus.Ready)]
    [InlineData(StoreStatus.Ready, StoreStatus.Failed)]
    [InlineData(StoreStatus.Failed, StoreStatus.Ready)]
    public void Move_LegalTransition_ReturnsTarget(StoreStatus? from, StoreStatus to)
    {
        Assert.Equal(to, StoreLifecycle.Move(from, to));
    }

    [Theory]
    [InlineData(null, StoreStatus.Ready)]
    [InlineData(null, StoreStatus.Deleting)]
    [InlineData(StoreStatus.Provisioning, StoreStatus.Deleting)]
    [InlineData(StoreStatus.Provisioning, StoreStatus.Deleted)]
    [InlineData(StoreStatus.Ready, StoreStatus.Deleted)]
    [InlineData(StoreStatus.Deleting, StoreStatus.Ready)]
    [InlineData(StoreStatus.Deleting, StoreStatus.Provisioning)]
    [InlineData(StoreStatus.Deleted, StoreStatus.Ready)]
    public void Move_IllegalTransition_ThrowsNamingBothStates(StoreStatus? from, StoreStatus to)
    {
        var error = Assert.Throws<InvalidStoreTransitionException>(() => StoreLifecycle.Move(from, to));

        Assert.Contains(to.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(from, error.From);
    }
}
