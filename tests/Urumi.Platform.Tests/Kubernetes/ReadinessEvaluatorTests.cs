using k8s.Models;
using Urumi.Domain.Ports;
using Urumi.Platform.Kubernetes;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>The pure readiness rules, without a server.</summary>
public sealed class ReadinessEvaluatorTests
{
    private static readonly ReadinessRules Rules = new(CrashLoopFatalRestarts: 3, UnschedulableFatalAfter: TimeSpan.FromMinutes(2));

    private static ReadinessReport Evaluate(Action<ReadinessSnapshot> fill, DateTimeOffset? now = null)
    {
        var snapshot = new ReadinessSnapshot();
        fill(snapshot);
        return ReadinessEvaluator.Evaluate(snapshot, Rules, now ?? DateTimeOffset.UtcNow).Report;
    }

    [Fact]
    public void Evaluate_ErrImagePull_ProblemButNotFatal()
    {
        var pod = ImagePullBackOffPod("shop1-wordpress-5d8-abc", "wordpress:6");
        pod.Status.ContainerStatuses[0].State.Waiting.Reason = "ErrImagePull";

        var report = Evaluate(s => s.Pods[pod.Metadata.Name] = pod);

        Assert.Null(report.FatalReason);
        Assert.Equal(PodProblem.ImagePullBackOff, Assert.Single(report.Pods).Problem);
    }

    [Fact]
    public void Evaluate_DeploymentGenerationNotObserved_NotReady()
    {
        var deployment = Deployment("shop1-wordpress", readyReplicas: 1);
        deployment.Metadata.Generation = 2;

        var report = Evaluate(s =>
        {
            s.Deployments["shop1-wordpress"] = deployment;
            s.Pods["shop1-wordpress-5d8-abc"] = ReadyPod("shop1-wordpress-5d8-abc");
        });

        Assert.False(report.Ready);
        Assert.Contains("deployment shop1-wordpress: 1/1 ready (latest generation not observed yet)", report.Waiting);
    }

    [Fact]
    public void Evaluate_StatefulSetRevisionsDiffer_NotReady()
    {
        var statefulSet = StatefulSet("shop1-mariadb", readyReplicas: 1);
        statefulSet.Status.UpdateRevision = "shop1-mariadb-8a0";

        var report = Evaluate(s =>
        {
            s.StatefulSets["shop1-mariadb"] = statefulSet;
            s.Pods["shop1-mariadb-0"] = ReadyPod("shop1-mariadb-0", app: "mariadb");
        });

        Assert.False(report.Ready);
        Assert.Contains(report.Waiting, w => w.Contains("rolling to shop1-mariadb-8a0", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_SucceededJobPodAndCompleteJob_Ready()
    {
        var pod = ReadyPod("shop1-wc-setup-x7k", app: "setup");
        pod.Status.Phase = "Succeeded";
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False", Reason = "PodCompleted" }];

        var report = Evaluate(s =>
        {
            s.Jobs["shop1-wc-setup"] = Job("shop1-wc-setup", "Complete");
            s.Pods[pod.Metadata.Name] = pod;
        });

        Assert.True(report.Ready);
    }

    [Fact]
    public void Evaluate_FailedCreateOnOtherDeploymentsReplicaSet_Ignored()
    {
        var report = Evaluate(s =>
        {
            s.Deployments["shop1-wordpress"] = Deployment("shop1-wordpress", readyReplicas: 0);
            s.FailedCreateEvents.Add(FailedCreateEvent("e1", "ReplicaSet", "shop1-wordpress-extra-5d8", "forbidden"));
        });

        Assert.Null(report.FatalReason);
    }

    // The simulator has no scheduler to refuse a pod, so the time-based Unschedulable rule is shown
    // here on the pure evaluator; the adapter feeds it the same V1Pod it reads from the API.
    [Fact]
    public void Evaluate_UnschedulableShorterThanLimit_ProblemNotFatal()
    {
        var now = DateTimeOffset.UtcNow;
        var pod = UnschedulablePod("shop1-wordpress-5d8-abc", now.UtcDateTime.AddSeconds(-30));

        var report = Evaluate(s => s.Pods[pod.Metadata.Name] = pod, now);

        Assert.Null(report.FatalReason);
        Assert.Equal(PodProblem.Unschedulable, Assert.Single(report.Pods).Problem);
    }

    [Fact]
    public void Evaluate_UnschedulableLongerThanLimit_Fatal()
    {
        var now = DateTimeOffset.UtcNow;
        var pod = UnschedulablePod("shop1-wordpress-5d8-abc", now.UtcDateTime.AddMinutes(-3));

        var report = Evaluate(s => s.Pods[pod.Metadata.Name] = pod, now);

        Assert.StartsWith("pod shop1-wordpress-5d8-abc cannot be scheduled (Unschedulable for 180 s)", report.FatalReason, StringComparison.Ordinal);
        Assert.Contains("Insufficient memory", report.FatalReason, StringComparison.Ordinal);
    }
}
