using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>One API request as the simulator received it.</summary>
internal sealed record ApiRequest(string Method, string Path, string Query)
{
    public bool IsWatch => Query.Contains("watch=true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The simulator's logger: with <c>LogRequests</c> it logs every API request (event 9000, "{Method}
/// {Path}{Query}") as it arrives, before any injected latency, which is what the tests count.
/// </summary>
internal sealed class RequestLog : ILoggerFactory, ILogger
{
    private const int RequestEventId = 9000;

    private readonly ConcurrentQueue<ApiRequest> _requests = new();

    public IReadOnlyList<ApiRequest> All => [.. _requests];

    /// <summary>Requests whose path ends with <paramref name="pathSuffix"/>, watches or not.</summary>
    public int Count(string method, string pathSuffix, bool watch) =>
        _requests.Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal) && r.IsWatch == watch);

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != RequestEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        string Value(string key) => values.FirstOrDefault(v => v.Key == key).Value as string ?? "";
        _requests.Enqueue(new ApiRequest(Value("Method"), Value("Path"), Value("Query")));
    }

    public void Dispose()
    {
    }
}

/// <summary>The adapter's log lines, with their level.</summary>
internal sealed class AdapterLog : ILogger<Urumi.Platform.Kubernetes.KubernetesCluster>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}
