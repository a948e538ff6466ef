using System.Text.RegularExpressions;
using Urumi.Domain;

namespace Urumi.Platform.Helm;

/// <summary>Turns helm's exit code and stderr into <see cref="TransientException"/> or <see cref="PermanentException"/>.</summary>
internal static partial class HelmErrors
{
    private const int MaxReasonLength = 300;

    /// <summary>Substrings (case-insensitive) of failures a later attempt may not hit.</summary>
    private static readonly string[] TransientMarkers =
    [
        "another operation (install/upgrade/rollback) is in progress",
        "connection refused",
        "connection reset by peer",
        "i/o timeout",
        "tls handshake timeout",
        "the server is currently unable to handle the request",
        "too many requests",
        "etcdserver",
        "no route to host",
        "http2: client connection lost",
        "client.timeout exceeded",
        "the server was unable to return a response in the time allotted",
        // The API server's HTTP 500 (reason InternalError), e.g. an etcd or webhook hiccup.
        "internal error occurred",
    ];

    /// <summary>True when helm said the release does not exist.</summary>
    public static bool IsReleaseNotFound(string stderr) =>
        stderr.Contains("release: not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the failure is worth retrying.</summary>
    public static bool IsTransient(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var marker in TransientMarkers)
        {
            if (stderr.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // 429 as an HTTP status (not a template line number like "x.yaml:429:3").
        if (Http429().IsMatch(stderr))
        {
            return true;
        }

        // An EOF or "context deadline exceeded" is transient only when an API request was cut off
        // (`Get "https://…": EOF`), not when --wait gave up on the release or a template's YAML ended early.
        return ApiCall().IsMatch(stderr)
            && (EndOfStream().IsMatch(stderr) || stderr.Contains("context deadline exceeded", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The reason helm gave, for an operator: the first <c>Error:</c> line without its prefix plus its
    /// continuation lines (else the last non-empty line), whitespace collapsed, at most 300 characters.
    /// </summary>
    public static string CleanReason(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var lines = stderr.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.FindIndex(l => l.StartsWith("Error:", StringComparison.Ordinal));
        string text;
        if (start >= 0)
        {
            // The error line and its continuation (schema errors list their findings below it), up to a blank line.
            var block = lines.Skip(start).TakeWhile((l, i) => i == 0 || (l.Length > 0 && !l.StartsWith("level=", StringComparison.Ordinal)));
            text = string.Join(' ', block)["Error:".Length..];
        }
        else
        {
            text = lines.LastOrDefault(l => l.Length > 0 && !l.StartsWith("level=", StringComparison.Ordinal))
                ?? lines.LastOrDefault(l => l.Length > 0)
                ?? string.Empty;
        }

        text = Whitespace().Replace(text, " ").Trim();
        if (text.Length == 0)
        {
            return "helm gave no reason";
        }

        return text.Length <= MaxReasonLength ? text : string.Concat(text.AsSpan(0, MaxReasonLength - 1), "…");
    }

    /// <summary>Exit codes .NET reports for a child killed by SIGKILL (128 + 9) or SIGTERM (128 + 15).</summary>
    private const int KilledBySigkill = 137, KilledBySigterm = 143;

    /// <summary>
    /// The typed exception for a failed command. <paramref name="what"/> names the operation, e.g.
    /// "helm upgrade of release 'a' in namespace 'b'"; <paramref name="redactions"/> are value strings that
    /// must not reach the message.
    /// </summary>
    public static Exception ToException(string what, int exitCode, string stderr, IReadOnlyCollection<string>? redactions = null)
    {
        var reason = Redact(CleanReason(stderr), redactions);
        if (exitCode is KilledBySigkill or KilledBySigterm)
        {
            // Cut off, not refused: the next attempt finds the release it left pending-* and recovers it
            // once stale (HelmCli.RecoverPendingAsync), then runs the command again.
            return new TransientException($"{what} was killed by a signal before it finished (exit code {exitCode}); it will be retried: {reason}");
        }

        return IsTransient(stderr)
            ? new TransientException($"{what} failed for a reason that may pass (exit code {exitCode}); it will be retried: {reason}")
            : new PermanentException($"{what} failed (exit code {exitCode}): {reason}");
    }

    private static string Redact(string text, IReadOnlyCollection<string>? redactions)
    {
        if (redactions is null)
        {
            return text;
        }

        foreach (var secret in redactions.OrderByDescending(r => r.Length))
        {
            text = text.Replace(secret, "[value]", StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex(@"status\s*(code)?\s*:?\s*429\b|\b429\s+Too\s+Many|\(429\)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Http429();

    [GeneratedRegex(@"\bEOF\b", RegexOptions.CultureInvariant)]
    private static partial Regex EndOfStream();

    [GeneratedRegex(@"\b(Get|Post|Put|Patch|Delete|Head)\s+""https?://", RegexOptions.CultureInvariant)]
    private static partial Regex ApiCall();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
