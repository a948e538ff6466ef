using System.Text;
using Microsoft.Extensions.Options;
using Urumi.Platform.Dashboard;

namespace Urumi.Dashboard.Tests;

/// <summary>The file server both hosts share: types, refusals and caching.</summary>
public sealed class DashboardFilesTests : IDisposable
{
    private readonly string parent = Directory.CreateTempSubdirectory("urumi-dashboard-files-").FullName;
    private readonly DashboardFiles files;

    public DashboardFilesTests()
    {
        var root = Path.Combine(parent, "dashboard");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "index.html"), "<!doctype html><title>t</title>");
        File.WriteAllText(Path.Combine(root, "app.js"), "export {};");
        File.WriteAllText(Path.Combine(root, "style.css"), "body{}");
        File.WriteAllText(Path.Combine(root, ".env"), "SECRET=1");
        File.WriteAllText(Path.Combine(root, "notes.exe"), "MZ");
        File.WriteAllText(Path.Combine(parent, "secret.txt"), "outside");
        files = new DashboardFiles(Options.Create(new DashboardOptions { Root = root }));
    }

    public void Dispose() => Directory.Delete(parent, recursive: true);

    [Theory]
    [InlineData(null, "text/html; charset=utf-8")]
    [InlineData("", "text/html; charset=utf-8")]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("style.css", "text/css; charset=utf-8")]
    public void Get_KnownFile_ServesItWithItsTypeAndRevalidation(string? path, string contentType)
    {
        var result = files.Get(path);

        Assert.Equal(200, result.Status);
        Assert.Equal(contentType, result.ContentType);
        Assert.Equal("no-cache", result.Headers["Cache-Control"]);
        Assert.Equal("nosniff", result.Headers["X-Content-Type-Options"]);
        Assert.StartsWith("\"", result.Headers["ETag"], StringComparison.Ordinal);
        Assert.True(result.Content.Length > 0);
    }

    [Fact]
    public void Get_Index_SendsContentSecurityPolicyWithoutInlineScript()
    {
        var csp = files.Get(null).Headers["Content-Security-Policy"];

        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.False(files.Get("app.js").Headers.ContainsKey("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("..%2fsecret.txt")]
    [InlineData("..\\secret.txt")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("..")]
    [InlineData(".env")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/app.js")]
    [InlineData("APP.JS")]
    [InlineData("notes.exe")]
    [InlineData("missing.js")]
    [InlineData("app.js\0.html")]
    public void Get_OutsideFolderHiddenUnknownOrMissing_Returns404(string path)
    {
        var result = files.Get(path);

        Assert.Equal(404, result.Status);
        Assert.Equal("Not found.", Encoding.UTF8.GetString(result.Content.Span));
    }

    [Fact]
    public void Get_MatchingETag_Returns304WithoutBody()
    {
        var etag = files.Get("app.js").Headers["ETag"];

        var again = files.Get("app.js", etag);
        var listed = files.Get("app.js", "\"other\", " + etag);
        var stale = files.Get("app.js", "\"other\"");

        Assert.Equal(304, again.Status);
        Assert.True(again.Content.IsEmpty);
        Assert.Equal(304, listed.Status);
        Assert.Equal(200, stale.Status);
    }

    [Fact]
    public void Root_DefaultSetting_FindsTheDashboardCopiedIntoTheOutput()
    {
        var root = new DashboardFiles(Options.Create(new DashboardOptions())).Root;

        Assert.True(File.Exists(Path.Combine(root, "index.html")), root);
        Assert.True(File.Exists(Path.Combine(root, "app.js")), root);
    }
}
