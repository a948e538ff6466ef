using k8s.Models;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>Typed objects in the states the pure readiness-rule tests need (no server involved).</summary>
internal static class KubeObjects
{
    public const string Ns = "store-shop1";

    public static V1Deployment Deployment(string name, int readyReplicas, int replicas = 1, string app = "wordpress") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Generation = 1 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new V1PodTemplateSpec(),
        },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = replicas,
            UpdatedReplicas = replicas,
            ReadyReplicas = readyReplicas,
            AvailableReplicas = readyReplicas,
        },
    };

    public static V1StatefulSet StatefulSet(string name, int readyReplicas, int replicas = 1, string app = "mariadb") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Generation = 1 },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new V1PodTemplateSpec(),
        },
        Status = new V1StatefulSetStatus
        {
            ObservedGeneration = 1,
            Replicas = replicas,
            ReadyReplicas = readyReplicas,
            UpdatedReplicas = replicas,
            CurrentRevision = name + "-7f9",
            UpdateRevision = name + "-7f9",
        },
    };

    public static V1Job Job(string name, string? condition = null, string? reason = null, string? message = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new V1JobSpec { Completions = 1, Template = new V1PodTemplateSpec() },
        Status = new V1JobStatus
        {
            Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = "True", Reason = reason, Message = message }],
            Succeeded = condition == "Complete" ? 1 : 0,
        },
    };

    public static V1Pod ReadyPod(string name, string app = "wordpress") =>
        Pod(name, app, "Running", ready: true, new V1ContainerStatus { Name = app, Image = app + ":6", Ready = true, RestartCount = 0, State = new V1ContainerState { Running = new V1ContainerStateRunning() } });

    public static V1Pod ImagePullBackOffPod(string name, string image) =>
        Pod(name, "wordpress", "Pending", ready: false, new V1ContainerStatus
        {
            Name = "wordpress",
            Image = image,
            Ready = false,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = $"Back-off pulling image \"{image}\"" } },
        });

    public static V1Pod UnschedulablePod(string name, DateTime since) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["app"] = "wordpress" } },
        Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient memory.", LastTransitionTime = since }],
        },
    };

    public static Corev1Event FailedCreateEvent(string name, string involvedKind, string involvedName, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        InvolvedObject = new V1ObjectReference { Kind = involvedKind, Name = involvedName, NamespaceProperty = Ns },
        Reason = "FailedCreate",
        Message = message,
        Type = "Warning",
        LastTimestamp = DateTime.UtcNow,
    };

    private static V1Pod Pod(string name, string app, string phase, bool ready, V1ContainerStatus container) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["app"] = app } },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions =
            [
                new V1PodCondition { Type = "PodScheduled", Status = "True" },
                ready
                    ? new V1PodCondition { Type = "Ready", Status = "True" }
                    : new V1PodCondition { Type = "Ready", Status = "False", Reason = "ContainersNotReady", Message = $"containers with unready status: [{container.Name}]" },
            ],
            ContainerStatuses = [container],
        },
    };
}
