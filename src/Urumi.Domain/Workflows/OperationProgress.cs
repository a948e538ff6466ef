using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows;

/// <summary>
/// The live view of a running operation, published as the orchestration's custom status and read
/// by the status endpoints and the dashboard. Kept well under the 16 KB custom-status limit.
/// </summary>
public sealed record OperationProgress(
    string Operation,
    string Store,
    string Step,
    int Percent,
    string Message,
    IReadOnlyList<PodState> Pods,
    DateTime UpdatedAt,
    string? Error)
{
    public const int MaxPods = 20;
    public const int MaxText = 1024;

    public static OperationProgress Create(string operation, string store, string step, int percent, string message, DateTime now, IReadOnlyList<PodState>? pods = null, string? error = null) =>
        new(operation, store, step, Math.Clamp(percent, 0, 100), Truncate(message)!, Trim(pods), now, Truncate(error));

    private static List<PodState> Trim(IReadOnlyList<PodState>? pods) =>
        pods is null ? [] : pods.Take(MaxPods).Select(p => p with { Message = Truncate(p.Message) }).ToList();

    internal static string? Truncate(string? text) =>
        text is null || text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText - 1), "…");
}
