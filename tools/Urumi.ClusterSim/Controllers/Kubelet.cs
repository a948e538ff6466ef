using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>
/// Plays the kubelet for every pod: Pending (ContainerCreating) until the ready delay has passed,
/// then Running and Ready; Job pods run to Succeeded (or Failed). Faults turn this into
/// ImagePullBackOff, CrashLoopBackOff or a readiness probe that never passes.
/// </summary>
internal sealed class Kubelet(ControllerContext context)
{
    public const string NodeName = "sim-node-1";
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstSeen = new(StringComparer.Ordinal);
    private int nextPodIp;

    public void Forget(string uid) => firstSeen.TryRemove(uid, out _);

    public void Reconcile(WorkItem item)
    {
        var pod = context.Store.TryGet(ResourceCatalog.Pods, item.Namespace, item.Name);
        if (pod is null || ControllerContext.IsDeleting(pod) || pod.Str("status", "phase") is "Succeeded" or "Failed")
        {
            return;
        }

        var now = context.Now;
        var started = firstSeen.GetOrAdd(pod.Uid(), now);
        var ns = pod.Namespace();
        var name = pod.Name();
        var images = ControllerContext.Images(pod["spec"]).ToList();
        var delay = context.Faults.Match(FaultKind.ReadyDelay, ns, name, images)?.Delay ?? context.Options.ReadyDelay;
        var elapsed = now - started;
        var isJobPod = pod.At("metadata", "ownerReferences") is JsonArray refs && refs.Any(r => r.Str("kind") == "Job");
        var containers = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>().ToList();
        var podIp = pod.Str("status", "podIP") ?? $"10.42.0.{(Interlocked.Increment(ref nextPodIp) % 250) + 2}";

        Action<JsonObject> status;
        if (context.Faults.Match(FaultKind.ImagePullBackOff, ns, name, images) is not null)
        {
            var image = images.FirstOrDefault() ?? "";
            context.RecordEvent(pod, "Warning", "Failed", $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found", "kubelet");
            context.RecordEvent(pod, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet");
            context.RecordEvent(pod, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet");
            status = s => Pending(s, containers, "ImagePullBackOff", $"Back-off pulling image \"{image}\"", podIp, now);
        }
        else if (elapsed < delay)
        {
            status = s => Pending(s, containers, "ContainerCreating", null, null, now);
            context.Requeue(item, delay - elapsed);
        }
        else if (isJobPod)
        {
            var fail = context.Faults.Match(FaultKind.JobFailure, ns, name, images) is not null;
            if (fail)
            {
                context.RecordEvent(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet");
            }

            status = s => Terminated(s, containers, fail, podIp, started, now);
        }
        else if (context.Faults.Match(FaultKind.CrashLoopBackOff, ns, name, images) is { } crash)
        {
            var interval = crash.Interval > TimeSpan.Zero ? crash.Interval : TimeSpan.FromSeconds(1);
            var restarts = 1 + (int)((elapsed - delay) / interval);
            var containerName = containers.FirstOrDefault()?.Str("name") ?? "app";
            context.RecordEvent(pod, "Warning", "BackOff", $"Back-off restarting failed container {containerName} in pod {name}_{ns}({pod.Uid()})", "kubelet");
            status = s => Running(s, containers, ready: false, podIp, started, now, restarts);
            context.Requeue(item, interval);
        }
        else if (context.Faults.Match(FaultKind.NeverReady, ns, name, images) is not null)
        {
            context.RecordEvent(pod, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet");
            status = s => Running(s, containers, ready: false, podIp, started, now, 0);
        }
        else
        {
            status = s => Running(s, containers, ready: true, podIp, started, now, 0);
        }

        context.Store.Update(ResourceCatalog.Pods, ns, name, p => status(p.Obj("status")), status: true, fieldManager: "kubelet");
    }

    private static void Common(JsonObject status, string phase, string? podIp, DateTimeOffset now)
    {
        status["phase"] = phase;
        status["hostIP"] = "10.0.0.10";
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "10.0.0.10" });
        if (podIp is not null)
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        status["startTime"] ??= Json.Timestamp(now);
        status["qosClass"] ??= "BestEffort";
        Json.SetCondition(status, "PodScheduled", true, null, null, now, withProbeTime: true);
    }

    private static void Pending(JsonObject status, List<JsonObject> containers, string reason, string? message, string? podIp, DateTimeOffset now)
    {
        Common(status, "Pending", podIp, now);
        Json.SetCondition(status, "PodReadyToStartContainers", podIp is not null, null, null, now, withProbeTime: true);
        Json.SetCondition(status, "Initialized", true, null, null, now, withProbeTime: true);
        Json.SetCondition(status, "Ready", false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', containers.Select(c => c.Str("name")))}]", now, withProbeTime: true);
        Json.SetCondition(status, "ContainersReady", false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', containers.Select(c => c.Str("name")))}]", now, withProbeTime: true);
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        status["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)ContainerStatus(c, false, false, 0, new JsonObject { ["waiting"] = waiting.DeepClone() }, null)).ToArray());
    }

    private static void Running(JsonObject status, List<JsonObject> containers, bool ready, string podIp, DateTimeOffset started, DateTimeOffset now, int restarts)
    {
        Common(status, "Running", podIp, now);
        Json.SetCondition(status, "PodReadyToStartContainers", true, null, null, now, withProbeTime: true);
        Json.SetCondition(status, "Initialized", true, null, null, now, withProbeTime: true);
        var unready = $"containers with unready status: [{string.Join(' ', containers.Select(c => c.Str("name")))}]";
        Json.SetCondition(status, "Ready", ready, ready ? null : "ContainersNotReady", ready ? null : unready, now, withProbeTime: true);
        Json.SetCondition(status, "ContainersReady", ready, ready ? null : "ContainersNotReady", ready ? null : unready, now, withProbeTime: true);
        status["containerStatuses"] = new JsonArray(containers.Select(c =>
        {
            if (restarts > 0)
            {
                var waiting = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off restarting failed container={c.Str("name")}" } };
                var last = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = Json.Timestamp(now), ["finishedAt"] = Json.Timestamp(now) } };
                return (JsonNode)ContainerStatus(c, false, false, restarts, waiting, last);
            }

            var running = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Timestamp(started) } };
            return ContainerStatus(c, ready, true, 0, running, null);
        }).ToArray());
    }

    private static void Terminated(JsonObject status, List<JsonObject> containers, bool failed, string podIp, DateTimeOffset started, DateTimeOffset now)
    {
        Common(status, failed ? "Failed" : "Succeeded", podIp, now);
        Json.SetCondition(status, "PodReadyToStartContainers", false, null, null, now, withProbeTime: true);
        Json.SetCondition(status, "Initialized", true, failed ? null : "PodCompleted", null, now, withProbeTime: true);
        Json.SetCondition(status, "Ready", false, failed ? "PodFailed" : "PodCompleted", null, now, withProbeTime: true);
        Json.SetCondition(status, "ContainersReady", false, failed ? "PodFailed" : "PodCompleted", null, now, withProbeTime: true);
        status["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)ContainerStatus(c, false, false, 0, new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = failed ? 1 : 0,
                ["reason"] = failed ? "Error" : "Completed",
                ["startedAt"] = Json.Timestamp(started),
                ["finishedAt"] = Json.Timestamp(now),
            },
        }, null)).ToArray());
    }

    private static JsonObject ContainerStatus(JsonObject container, bool ready, bool started, int restarts, JsonObject state, JsonObject? lastState) => new()
    {
        ["name"] = container.Str("name"),
        ["state"] = state,
        ["lastState"] = lastState ?? new JsonObject(),
        ["ready"] = ready,
        ["restartCount"] = restarts,
        ["image"] = container.Str("image"),
        ["imageID"] = "",
        ["containerID"] = started ? "containerd://" + ControllerContext.ShortHash(container.Str("name") + restarts.ToString(CultureInfo.InvariantCulture)) : null,
        ["started"] = started,
    };
}
