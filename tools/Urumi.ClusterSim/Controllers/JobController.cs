using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>Runs a Job's pods one at a time until one succeeds (Complete) or backoffLimit is used up (Failed).</summary>
internal sealed class JobController(ControllerContext context)
{
    private static readonly string[] CountFields = ["succeeded", "failed", "active"];

    public void Reconcile(WorkItem item)
    {
        var job = context.Store.TryGet(ResourceCatalog.Jobs, item.Namespace, item.Name);
        if (job is null || ControllerContext.IsDeleting(job) || Json.HasCondition(job, "Complete") || Json.HasCondition(job, "Failed") || job.Bool("spec", "suspend") == true)
        {
            return;
        }

        var pods = context.OwnedPods(item.Namespace, job.Uid());
        var succeeded = pods.Count(p => p.Str("status", "phase") == "Succeeded");
        var failed = pods.Count(p => p.Str("status", "phase") == "Failed");
        var active = pods.Count(p => p.Str("status", "phase") is not "Succeeded" and not "Failed" && !ControllerContext.IsDeleting(p));
        var completions = (int)(job.Num("spec", "completions") ?? 1);
        var backoffLimit = (int)(job.Num("spec", "backoffLimit") ?? 6);
        var now = context.Now;
        var done = succeeded >= completions;
        var exhausted = !done && failed > backoffLimit;

        if (!done && !exhausted && active == 0)
        {
            var pod = ControllerContext.PodFromTemplate(job, job.At("spec", "template"), $"{job.Name()}-{ObjectStore.RandomSuffix(5)}");
            if (context.TryCreatePod(job, pod, "job-controller"))
            {
                active = 1;
            }
        }

        if (exhausted)
        {
            context.RecordEvent(job, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", "job-controller");
        }
        else if (done)
        {
            context.RecordEvent(job, "Normal", "Completed", "Job completed", "job-controller");
        }

        var ready = pods.Count(ControllerContext.IsPodReady);
        context.Store.Update(ResourceCatalog.Jobs, item.Namespace, item.Name, j =>
        {
            var status = j.Obj("status");
            status["startTime"] ??= Json.Timestamp(now);
            status["active"] = done || exhausted ? 0 : active;
            status["succeeded"] = succeeded;
            status["failed"] = failed;
            status["ready"] = ready;
            status["terminating"] = 0;
            status["uncountedTerminatedPods"] = new JsonObject();
            if (done)
            {
                status["completionTime"] = Json.Timestamp(now);
                Json.SetCondition(status, "SuccessCriteriaMet", true, "CompletionsReached", "Reached expected number of succeeded pods", now, withProbeTime: true);
                Json.SetCondition(status, "Complete", true, "CompletionsReached", "Reached expected number of succeeded pods", now, withProbeTime: true);
            }
            else if (exhausted)
            {
                Json.SetCondition(status, "FailureTarget", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, withProbeTime: true);
                Json.SetCondition(status, "Failed", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, withProbeTime: true);
            }

            foreach (var field in CountFields)
            {
                if (status.Num(field) == 0)
                {
                    status.Remove(field);
                }
            }
        }, status: true, fieldManager: "job-controller");
    }
}
