using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Urumi.Platform.Files;

namespace Urumi.Platform.Dashboard;
/// <summary>
/// Serves the dashboard: one flat folder of plain HTML, CSS and JavaScript modules. Both hosts call
/// <see cref="Get"/> and write the result, so content types, the refusal of anything outside the
/// folder, and caching rules are decided here once.
/// </summary>
public sealed partial class DashboardFiles
{
    /// <summary>Revalidate every time (the files are tiny and change with each release); the ETag makes that a 304.</summary>
    public const string CacheControl = "no-cache";

    /// <summary>Only the page's own scripts, styles and API: no inline script, nothing third-party.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    };

    private readonly Lazy<string> root;

    public DashboardFiles(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.Root;
        root = new Lazy<string>(() => UpwardSearch.ResolveFolder(configured, folder => File.Exists(Path.Combine(folder, "index.html"))));
    }

    /// <summary>The folder files are served from.</summary>
    public string Root => root.Value;

    /// <summary>
    /// The answer for <paramref name="path"/> (the request path without its leading slash; empty is
    /// <c>index.html</c>). Only a plain file name of a known type in the folder itself is served:
    /// separators, dot segments, encoded characters and hidden files are refused with 404.
    /// </summary>
    public StaticFileResult Get(string? path, string? ifNoneMatch = null)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!SafeName().IsMatch(name) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            return NotFound();
        }

        var full = Path.GetFullPath(Path.Combine(Root, name));
        var folder = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(full))
        {
            return NotFound();
        }

        var content = File.ReadAllBytes(full);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Cache-Control"] = CacheControl,
            ["ETag"] = etag,
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
        };
        if (contentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
        }

        return Matches(ifNoneMatch, etag)
            ? new StaticFileResult(304, contentType, ReadOnlyMemory<byte>.Empty, headers)
            : new StaticFileResult(200, contentType, content, headers);
    }

    private static bool Matches(string? ifNoneMatch, string etag) =>
        ifNoneMatch is { Length: > 0 } && ifNoneMatch.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*");

    private static StaticFileResult NotFound() =>
        new(404, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("Not found."),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = CacheControl, ["X-Content-Type-Options"] = "nosniff" });

    /// <summary>A lowercase file name with one extension: no separators, no leading dot, no escapes.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
