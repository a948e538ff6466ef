using Urumi.Platform.Dashboard;

namespace Urumi.Server.Http;

/// <summary>The dashboard at <c>/</c> and its assets at <c>/{file}</c>, served by the shared <see cref="DashboardFiles"/>.</summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapUrumiDashboard(this IEndpointRouteBuilder app, int apiPort)
    {
        app.MapGet("/", (HttpContext http, DashboardFiles files) => Write(files.Get(null, http.Request.Headers.IfNoneMatch)))
            .RequireHost($"*:{apiPort}");
        app.MapGet("/{file}", (HttpContext http, string file, DashboardFiles files) => Write(files.Get(file, http.Request.Headers.IfNoneMatch)))
            .RequireHost($"*:{apiPort}");
        return app;
    }

    private static StaticFileHttpResult Write(StaticFileResult result) => new(result);

    private sealed class StaticFileHttpResult(StaticFileResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = result.Status;
            foreach (var (name, value) in result.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            if (result.Status != StatusCodes.Status304NotModified)
            {
                httpContext.Response.ContentType = result.ContentType;
                await httpContext.Response.Body.WriteAsync(result.Content, httpContext.RequestAborted);
            }
        }
    }
}
