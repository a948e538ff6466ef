namespace Urumi.Platform.Files;

/// <summary>
/// Finds a folder or file the repository (or a host's output folder) carries, by looking at a start folder
/// and then each of its parents: the charts, the dashboard and <c>host.json</c> are all found this way, so a
/// host run from <c>bin/…</c>, a test run and a container image all resolve them alike.
/// </summary>
public static class UpwardSearch
{
    /// <summary>
    /// <paramref name="relative"/> under <paramref name="start"/> (the app base directory when null) or the
    /// nearest of its parents for which <paramref name="accept"/> holds; null when none does.
    /// </summary>
    public static string? Find(string relative, Func<string, bool> accept, string? start = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relative);
        ArgumentNullException.ThrowIfNull(accept);
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (accept(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The nearest file named <paramref name="relative"/> at or above <paramref name="start"/>, or null.</summary>
    public static string? FindFile(string relative, string? start = null) => Find(relative, File.Exists, start);

    /// <summary>
    /// A configured folder: an absolute path as is; a relative one found upwards from the app base directory
    /// (accepted by <paramref name="accept"/>, by default any existing folder), else the path under the base
    /// directory so the caller's "not found" names where it looked first.
    /// </summary>
    public static string ResolveFolder(string configured, Func<string, bool>? accept = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configured);
        return Path.IsPathRooted(configured)
            ? configured
            : Find(configured, accept ?? Directory.Exists) ?? Path.Combine(AppContext.BaseDirectory, configured);
    }
}
