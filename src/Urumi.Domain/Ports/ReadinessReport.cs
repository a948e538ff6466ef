using Urumi.Domain.Stores;

namespace Urumi.Domain.Ports;

public sealed record ReadinessReport(bool Ready, IReadOnlyList<PodState> Pods, IReadOnlyList<string> Waiting, string? FatalReason)
{
    /// <summary>An operator-facing sentence naming what still blocks readiness.</summary>
    public string Summary()
    {
        if (FatalReason is not null)
        {
            return FatalReason;
        }

        if (Ready)
        {
            return "All workloads are ready.";
        }

        var blocked = Pods.Where(p => !p.Ready && p.Problem != PodProblem.None)
            .Select(p => p.Message is null ? $"pod {p.Name} is {p.Problem}" : $"pod {p.Name} is {p.Problem}: {p.Message}")
            .ToList();
        if (blocked.Count == 0)
        {
            blocked.AddRange(Waiting);
        }

        return blocked.Count == 0 ? "Waiting for workloads to appear." : "Waiting: " + string.Join("; ", blocked) + ".";
    }
}
