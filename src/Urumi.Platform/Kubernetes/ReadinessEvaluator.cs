using System.Globalization;
using k8s.Models;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Kubernetes;

/// <summary>What the readiness wait currently knows about a namespace (its own copy, one reader at a time).</summary>
internal sealed class ReadinessSnapshot
{
    public Dictionary<string, V1Pod> Pods { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Deployment> Deployments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1StatefulSet> StatefulSets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Job> Jobs { get; } = new(StringComparer.Ordinal);

    public List<Corev1Event> FailedCreateEvents { get; } = [];

    /// <summary>When this wait first saw each pod unschedulable (used when the condition has no transition time).</summary>
    public Dictionary<string, DateTimeOffset> FirstSeenUnschedulable { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Pods.Count == 0 && Deployments.Count == 0 && StatefulSets.Count == 0 && Jobs.Count == 0;
}

internal sealed record ReadinessRules(int CrashLoopFatalRestarts, TimeSpan UnschedulableFatalAfter);

/// <summary>Pure readiness rules: workload status, pod conditions and FailedCreate events to a report.</summary>
internal static class ReadinessEvaluator
{
    /// <summary>
    /// Image pull states that will not fix themselves. <c>ErrImagePull</c> is the first failed attempt
    /// (possibly a registry hiccup); the kubelet turns a persistent one into <c>ImagePullBackOff</c>
    /// within seconds, so it is reported as a problem but only the back-off is fatal.
    /// </summary>
    private static readonly HashSet<string> FatalImagePullReasons = new(StringComparer.Ordinal)
    {
        "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
    };

    /// <summary>The report, plus the workloads that have no pod yet (whose FailedCreate events matter).</summary>
    public static (ReadinessReport Report, IReadOnlyList<string> WorkloadsWithoutPods) Evaluate(ReadinessSnapshot snapshot, ReadinessRules rules, DateTimeOffset now)
    {
        var waiting = new List<string>();
        var states = new List<PodState>();
        var withoutPods = new List<(string Kind, string Name)>();
        string? fatal = null;

        foreach (var job in snapshot.Jobs.Values.OrderBy(j => j.Name(), StringComparer.Ordinal))
        {
            var name = job.Name();
            if (Condition(job.Status?.Conditions, "Failed") is { Status: "True" } failed)
            {
                var message = $"job {name} failed ({failed.Reason ?? "Failed"}): {failed.Message ?? "no message"}";
                fatal ??= message;
                states.Add(new PodState("job/" + name, "Failed", false, PodProblem.JobFailed, 0, failed.Message ?? failed.Reason));
            }
            else if (Condition(job.Status?.Conditions, "Complete") is not { Status: "True" })
            {
                waiting.Add($"job {name}: not complete ({job.Status?.Succeeded ?? 0}/{job.Spec?.Completions ?? 1} succeeded, {job.Status?.Active ?? 0} active)");
                if (!snapshot.Pods.Values.Any(p => OwnedBy(p, "Job", name)))
                {
                    withoutPods.Add(("Job", name));
                }
            }
        }

        foreach (var deployment in snapshot.Deployments.Values.OrderBy(d => d.Name(), StringComparer.Ordinal))
        {
            if (DeploymentWaiting(deployment) is { } text)
            {
                waiting.Add(text);
                if (!HasPods(snapshot, deployment.Spec?.Selector, deployment.Name()))
                {
                    withoutPods.Add(("Deployment", deployment.Name()));
                }
            }
        }

        foreach (var statefulSet in snapshot.StatefulSets.Values.OrderBy(s => s.Name(), StringComparer.Ordinal))
        {
            if (StatefulSetWaiting(statefulSet) is { } text)
            {
                waiting.Add(text);
                if (!HasPods(snapshot, statefulSet.Spec?.Selector, statefulSet.Name()))
                {
                    withoutPods.Add(("StatefulSet", statefulSet.Name()));
                }
            }
        }

        var blockingPods = 0;
        foreach (var pod in snapshot.Pods.Values.OrderBy(p => p.Name(), StringComparer.Ordinal))
        {
            if (pod.Metadata?.DeletionTimestamp is not null)
            {
                continue;
            }

            var (state, podFatal) = ClassifyPod(pod, rules, now, snapshot.FirstSeenUnschedulable);
            states.Add(state);
            fatal ??= podFatal;
            if (!state.Ready && state.Phase is not ("Succeeded" or "Failed"))
            {
                blockingPods++;
            }
        }

        foreach (var (kind, name) in withoutPods)
        {
            if (FailedCreateFor(snapshot.FailedCreateEvents, kind, name) is { } evt)
            {
                var involved = evt.InvolvedObject;
                var via = string.Equals(involved?.Kind, kind, StringComparison.Ordinal)
                    ? ""
                    : $" on {involved?.Kind?.ToLowerInvariant()} {involved?.Name}";
                fatal ??= $"{kind.ToLowerInvariant()} {name} cannot create pods (FailedCreate{via}): {evt.Message}";
                states.Add(new PodState($"{kind.ToLowerInvariant()}/{name}", "NotCreated", false, PodProblem.FailedCreate, 0, evt.Message));
            }
        }

        var ready = fatal is null && waiting.Count == 0 && blockingPods == 0 && !snapshot.IsEmpty;
        var report = new ReadinessReport(ready, states, waiting, fatal);
        return (report, withoutPods.Select(w => w.Name).ToList());
    }

    private static string? DeploymentWaiting(V1Deployment deployment)
    {
        var desired = deployment.Spec?.Replicas ?? 1;
        var status = deployment.Status;
        var observed = status?.ObservedGeneration is not { } seen || seen >= (deployment.Metadata?.Generation ?? 0);
        var updated = status?.UpdatedReplicas ?? 0;
        var readyCount = status?.ReadyReplicas ?? 0;
        var available = status?.AvailableReplicas ?? 0;
        if (desired == 0 || (observed && updated == desired && readyCount == desired && available == desired))
        {
            return null;
        }

        var text = $"deployment {deployment.Name()}: {readyCount}/{desired} ready";
        if (updated != desired)
        {
            text += $", {updated}/{desired} updated";
        }

        if (available != desired && readyCount == desired)
        {
            text += $", {available}/{desired} available";
        }

        return observed ? text : text + " (latest generation not observed yet)";
    }

    private static string? StatefulSetWaiting(V1StatefulSet statefulSet)
    {
        var desired = statefulSet.Spec?.Replicas ?? 1;
        var status = statefulSet.Status;
        var observed = status?.ObservedGeneration is not { } seen || seen >= (statefulSet.Metadata?.Generation ?? 0);
        var readyCount = status?.ReadyReplicas ?? 0;
        var updated = status?.UpdatedReplicas ?? 0;
        var revisionsMatch = string.IsNullOrEmpty(status?.CurrentRevision) || string.IsNullOrEmpty(status?.UpdateRevision)
            || string.Equals(status.CurrentRevision, status.UpdateRevision, StringComparison.Ordinal);
        if (desired == 0 || (observed && readyCount == desired && updated == desired && revisionsMatch))
        {
            return null;
        }

        var text = $"statefulset {statefulSet.Name()}: {readyCount}/{desired} ready";
        if (updated != desired)
        {
            text += $", {updated}/{desired} updated";
        }

        if (!revisionsMatch)
        {
            text += $", revision {status!.CurrentRevision} rolling to {status.UpdateRevision}";
        }

        return observed ? text : text + " (latest generation not observed yet)";
    }

    private static (PodState State, string? Fatal) ClassifyPod(V1Pod pod, ReadinessRules rules, DateTimeOffset now, Dictionary<string, DateTimeOffset> firstSeenUnschedulable)
    {
        var name = pod.Name();
        var phase = pod.Status?.Phase ?? "Pending";
        var containers = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []).ToList();
        var restarts = containers.Sum(c => c.RestartCount);

        if (phase is "Succeeded")
        {
            return (new PodState(name, phase, true, PodProblem.None, restarts, null), null);
        }

        if (phase is "Failed")
        {
            var why = Join(pod.Status?.Reason, pod.Status?.Message);
            return (new PodState(name, phase, false, PodProblem.None, restarts, why), null);
        }

        foreach (var container in containers)
        {
            var waiting = container.State?.Waiting;
            if (waiting?.Reason is { } reason && (FatalImagePullReasons.Contains(reason) || reason == "ErrImagePull"))
            {
                var message = waiting.Message ?? "no message";
                var fatal = FatalImagePullReasons.Contains(reason) ? $"pod {name} cannot pull image {container.Image} ({reason}): {message}" : null;
                return (new PodState(name, phase, false, PodProblem.ImagePullBackOff, restarts, $"{reason}: {message}"), fatal);
            }
        }

        foreach (var container in containers)
        {
            if (container.State?.Waiting?.Reason is "CrashLoopBackOff")
            {
                var last = container.LastState?.Terminated;
                var lastText = last is null ? "" : $"; last exit code {last.ExitCode}" + (last.Reason is null ? "" : $" ({last.Reason})");
                var message = $"container {container.Name} restarted {container.RestartCount} times{lastText}";
                var fatal = container.RestartCount >= rules.CrashLoopFatalRestarts
                    ? $"pod {name} keeps crashing (CrashLoopBackOff, container {container.Name} restarted {container.RestartCount} times{lastText})"
                    : null;
                return (new PodState(name, phase, false, PodProblem.CrashLoopBackOff, restarts, message), fatal);
            }
        }

        var conditions = pod.Status?.Conditions;
        if (Condition(conditions, "PodScheduled") is { Status: "False", Reason: "Unschedulable" } unschedulable)
        {
            if (!firstSeenUnschedulable.TryGetValue(name, out var firstSeen))
            {
                firstSeen = now;
                firstSeenUnschedulable[name] = now;
            }

            var since = unschedulable.LastTransitionTime is { } transition
                ? new DateTimeOffset(DateTime.SpecifyKind(transition, DateTimeKind.Utc))
                : firstSeen;
            var message = unschedulable.Message ?? "no node fits";
            var stuckFor = now - since;
            var fatal = stuckFor >= rules.UnschedulableFatalAfter
                ? $"pod {name} cannot be scheduled (Unschedulable for {Math.Max(0, (int)stuckFor.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s): {message}"
                : null;
            return (new PodState(name, phase, false, PodProblem.Unschedulable, restarts, message), fatal);
        }

        firstSeenUnschedulable.Remove(name);
        var readyCondition = Condition(conditions, "Ready");
        if (readyCondition is { Status: "True" })
        {
            return (new PodState(name, phase, true, PodProblem.None, restarts, null), null);
        }

        var containerWaiting = containers
            .Where(c => c.State?.Waiting?.Reason is not null)
            .Select(c => $"container {c.Name} {c.State.Waiting.Reason}" + (c.State.Waiting.Message is null ? "" : $" ({c.State.Waiting.Message})"))
            .ToList();
        if (readyCondition is { Status: "False" })
        {
            var text = Join(readyCondition.Reason, readyCondition.Message) ?? "Ready condition is False";
            if (containerWaiting.Count > 0)
            {
                text += "; " + string.Join("; ", containerWaiting);
            }

            return (new PodState(name, phase, false, PodProblem.NotReady, restarts, text), null);
        }

        var pending = containerWaiting.Count > 0 ? string.Join("; ", containerWaiting) : Join(pod.Status?.Reason, pod.Status?.Message);
        return (new PodState(name, phase, false, PodProblem.Pending, restarts, pending), null);
    }

    private static Corev1Event? FailedCreateFor(List<Corev1Event> events, string kind, string name) =>
        events
            .Where(e => e.Reason == "FailedCreate" && e.InvolvedObject?.Name is { } involved && Concerns(e.InvolvedObject.Kind, involved, kind, name))
            .OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .FirstOrDefault();

    /// <summary>A Deployment's pods are created by its ReplicaSets, named <c>{deployment}-{hash}</c>.</summary>
    private static bool Concerns(string? involvedKind, string involvedName, string kind, string name) =>
        kind == "Deployment"
            ? involvedKind == "ReplicaSet" && involvedName.Length > name.Length + 1
              && involvedName.StartsWith(name + "-", StringComparison.Ordinal)
              && !involvedName.AsSpan(name.Length + 1).Contains('-')
            : involvedKind == kind && involvedName == name;

    private static bool HasPods(ReadinessSnapshot snapshot, V1LabelSelector? selector, string workloadName)
    {
        var matchLabels = selector?.MatchLabels;
        return snapshot.Pods.Values.Any(p => p.Metadata?.DeletionTimestamp is null && (matchLabels is { Count: > 0 }
            ? matchLabels.All(l => p.Metadata?.Labels is { } labels && labels.TryGetValue(l.Key, out var v) && v == l.Value)
            : p.Name().StartsWith(workloadName + "-", StringComparison.Ordinal)));
    }

    private static bool OwnedBy(V1Pod pod, string kind, string name) =>
        pod.Metadata?.OwnerReferences?.Any(o => o.Kind == kind && o.Name == name) == true
        || (pod.Metadata?.Labels is { } labels && labels.TryGetValue("job-name", out var job) && kind == "Job" && job == name);

    private static T? Condition<T>(IList<T>? conditions, string type) where T : class =>
        conditions?.FirstOrDefault(c => c switch
        {
            V1JobCondition j => j.Type == type,
            V1PodCondition p => p.Type == type,
            _ => false,
        });

    private static string? Join(string? reason, string? message) =>
        (reason, message) switch
        {
            (null or "", null or "") => null,
            (null or "", _) => message,
            (_, null or "") => reason,
            _ => $"{reason}: {message}",
        };
}
