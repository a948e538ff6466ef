using System.Text.Json;

namespace Urumi.Platform.Helm;

/// <summary>
/// Values written for one helm call: JSON (valid YAML) in a file only the current user can read
/// (0600 from creation, no window with wider rights), deleted when disposed.
/// </summary>
internal sealed class HelmValuesFile : IAsyncDisposable
{
    private HelmValuesFile(string path) => Path = path;

    public string Path { get; }

    public static async Task<HelmValuesFile> WriteAsync(IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"urumi-helm-values-{Guid.NewGuid():N}.json");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new HelmValuesFile(path);
        try
        {
            await using var stream = new FileStream(path, options);
            await JsonSerializer.SerializeAsync(stream, values, cancellationToken: cancellationToken);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        return file;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is private to the service account anyway.
        }

        return ValueTask.CompletedTask;
    }
}
