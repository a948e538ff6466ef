using Microsoft.Extensions.Logging;

namespace Urumi.Domain.Workflows.Cleanup;

/// <summary>Cleanup log lines. The orchestrator calls these on replay-safe loggers only.</summary>
internal static partial class CleanupLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Cleanup finished (dry run: {DryRun}): {Items} items, {Failed} failed")]
    public static partial void CleanupFinished(this ILogger logger, bool dryRun, int items, int failed);
}
