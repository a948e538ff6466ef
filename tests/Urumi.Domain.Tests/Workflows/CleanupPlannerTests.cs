using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Tests.Workflows;

public sealed class CleanupPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ManagedStore Store(string name, StoreStatus? phase, DateTimeOffset? created = null, DateTimeOffset? expires = null) =>
        new(StoreName.Parse(name), StoreNaming.NamespacePrefix + name, "woocommerce", "small", "alice", null, phase, null, created ?? Now.AddDays(-3), expires, false);

    private static NamespaceInfo Namespace(string name, bool labelled = true, DateTimeOffset? created = null) => new(
        name,
        labelled ? new StoreNaming(StoreName.Parse(name[StoreNaming.NamespacePrefix.Length..]), "shops.test").NamespaceLabels("woocommerce", "small") : new Dictionary<string, string>(),
        created ?? Now.AddDays(-3), null, false);

    private static HelmRelease Release(string name, string ns, HelmReleaseStatus status, string chart = "urumi-store-0.1.0") =>
        new(name, ns, 2, status, chart, Now.AddDays(-1), null);

    private static IReadOnlyList<CleanupCandidate> Plan(IReadOnlyList<ManagedStore> stores, IReadOnlyList<NamespaceInfo> namespaces, IReadOnlyList<HelmRelease> releases, params string[] live) =>
        CleanupPlanner.Plan(new CleanupSnapshot(stores, namespaces, releases, live), CleanupPolicy.Default, Now);

    [Fact]
    public void Plan_EmptyCluster_OnlyAppliesRetention()
    {
        var plan = Plan([], [], []);

        Assert.Equal([CleanupKind.History, CleanupKind.Audit], plan.Select(c => c.Kind));
    }

    [Fact]
    public void Plan_ForeignReleaseInOtherNamespace_IsNotReported()
    {
        var plan = Plan([], [new NamespaceInfo("ingress", new Dictionary<string, string>(), Now.AddDays(-9), null, false)], [Release("ingress-nginx", "ingress", HelmReleaseStatus.PendingUpgrade, "ingress-nginx-4.10.0")]);

        Assert.DoesNotContain(plan, c => c.Kind is CleanupKind.UnlabelledRelease or CleanupKind.StuckRelease);
    }

    [Fact]
    public void Plan_StuckReleaseOfStoreBeingDeleted_IsNotRecoveredSeparately()
    {
        var plan = Plan(
            [Store("old", StoreStatus.Ready, expires: Now.AddHours(-1))],
            [Namespace("store-old")],
            [Release("old", "store-old", HelmReleaseStatus.PendingUpgrade)]);

        Assert.Contains(plan, c => c.Kind == CleanupKind.Expired);
        Assert.DoesNotContain(plan, c => c.Kind == CleanupKind.StuckRelease);
    }

    [Fact]
    public void Plan_StoreWithLiveDelete_IsNeitherDeletedNorRecovered()
    {
        var plan = Plan(
            [Store("going", StoreStatus.Failed, created: Now.AddDays(-30))],
            [Namespace("store-going")],
            [Release("going", "store-going", HelmReleaseStatus.PendingRollback)],
            WorkflowIds.Delete(StoreName.Parse("going")));

        Assert.DoesNotContain(plan, c => c.Store == "going");
    }

    [Fact]
    public void Plan_YoungOrphanNamespace_IsWithinGracePeriod()
    {
        var plan = Plan([Store("new", StoreStatus.Provisioning, created: Now.AddMinutes(-10))], [Namespace("store-new", created: Now.AddMinutes(-10))], []);

        Assert.DoesNotContain(plan, c => c.Action == CleanupAction.Delete);
    }

    [Fact]
    public void Plan_FailedStoreWithoutRelease_IsNotAnOrphan()
    {
        var plan = Plan([Store("failed", StoreStatus.Failed, created: Now.AddDays(-1))], [Namespace("store-failed")], []);

        Assert.DoesNotContain(plan, c => c.Action == CleanupAction.Delete);
    }

    [Fact]
    public void Plan_DeployedReleaseInUnlabelledStoreNamespace_IsReported()
    {
        var plan = Plan([], [Namespace("store-copy", labelled: false)], [Release("copy", "store-copy", HelmReleaseStatus.Deployed)]);

        var report = Assert.Single(plan, c => c.Kind == CleanupKind.UnlabelledRelease);
        Assert.Equal(CleanupAction.Report, report.Action);
        Assert.Null(report.Store);
    }
}
