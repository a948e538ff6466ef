using Microsoft.Extensions.Options;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// The <see cref="BrowserGuard"/> rules in front of everything the server answers: the Host check
/// on every request, the cross-site check on the API, and the safety headers on every response
/// (API responses are also never cached).
/// </summary>
internal static class BrowserSafety
{
    public static IApplicationBuilder UseUrumiBrowserSafety(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var api = http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
            http.Response.OnStarting(() =>
            {
                foreach (var (name, value) in BrowserGuard.ResponseHeaders)
                {
                    http.Response.Headers[name] = value;
                }

                if (api && !http.Response.Headers.ContainsKey("Cache-Control"))
                {
                    http.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });

            var settings = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
            var host = http.Request.Headers.Host.ToString();
            var refusal = BrowserGuard.CheckHost(host, settings.AllowedHosts, "Urumi:Server:AllowedHosts")
                ?? (api ? BrowserGuard.CheckSite(http.Request.Method, host, http.Request.Headers.Origin.FirstOrDefault(), http.Request.Headers["Sec-Fetch-Site"].FirstOrDefault()) : null);
            if (refusal is null)
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = refusal.Status;
            http.Response.ContentType = refusal.ContentType + "; charset=utf-8";
            await http.Response.WriteAsync(refusal.Serialize(), http.RequestAborted);
        });
}
