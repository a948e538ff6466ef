using System.Text.Json;
using Urumi.Platform.Files;

namespace Urumi.Server.Hosting;

/// <summary>
/// The durable settings both hosts share, read from the repository's <c>host.json</c>
/// (<c>extensions.durableTask</c>), so the self-hosted server and the Functions app run the task
/// hub with the same name, concurrency and polling.
/// </summary>
public sealed record DurableSettings(
    string HubName,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations,
    int PartitionCount,
    TimeSpan MaxQueuePollingInterval,
    TimeSpan WorkItemQueueVisibilityTimeout,
    TimeSpan ControlQueueVisibilityTimeout,
    bool ExtendedSessions,
    TimeSpan ExtendedSessionIdleTimeout)
{
    public static DurableSettings Defaults { get; } = new("UrumiHub", 8, 20, 4, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), false, TimeSpan.FromSeconds(30));

    /// <summary>Reads <paramref name="path"/>; absent keys keep their defaults, a malformed file stops the start.</summary>
    public static DurableSettings Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = Defaults;
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("durableTask", out var durable))
        {
            return settings;
        }

        settings = settings with
        {
            HubName = String(durable, "hubName") ?? settings.HubName,
            MaxConcurrentActivities = Int(durable, "maxConcurrentActivityFunctions") ?? settings.MaxConcurrentActivities,
            MaxConcurrentOrchestrations = Int(durable, "maxConcurrentOrchestratorFunctions") ?? settings.MaxConcurrentOrchestrations,
            ExtendedSessions = Bool(durable, "extendedSessionsEnabled") ?? settings.ExtendedSessions,
            ExtendedSessionIdleTimeout = Int(durable, "extendedSessionIdleTimeoutInSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.ExtendedSessionIdleTimeout,
        };
        if (durable.TryGetProperty("storageProvider", out var storage))
        {
            settings = settings with
            {
                PartitionCount = Int(storage, "partitionCount") ?? settings.PartitionCount,
                MaxQueuePollingInterval = Time(storage, "maxQueuePollingInterval") ?? settings.MaxQueuePollingInterval,
                WorkItemQueueVisibilityTimeout = Time(storage, "workItemQueueVisibilityTimeout") ?? settings.WorkItemQueueVisibilityTimeout,
                ControlQueueVisibilityTimeout = Time(storage, "controlQueueVisibilityTimeout") ?? settings.ControlQueueVisibilityTimeout,
            };
        }

        return settings;
    }

    /// <summary>The nearest <c>host.json</c> at or above <paramref name="start"/>, or null.</summary>
    public static string? Find(string start) => UpwardSearch.FindFile("host.json", start);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    private static TimeSpan? Time(JsonElement element, string name) =>
        String(element, name) is { } text
            ? TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var time) ? time : throw new FormatException($"host.json: {name} '{text}' is not a time span such as 00:00:30.")
            : null;
}
