using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Urumi.Domain;
using Urumi.Platform.Api;

namespace Urumi.Server.Http;

/// <summary>
/// Refusals the routing makes itself (no route: 404, wrong method: 405) carry no body; this gives
/// them the same problem+json every handler writes.
/// </summary>
internal static class StatusProblems
{
    public static IApplicationBuilder UseUrumiStatusProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var problem = status switch
            {
                StatusCodes.Status404NotFound => ApiResult.NotFound($"There is nothing at {http.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => ApiResult.Problem(HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed, "Method not allowed.",
                    $"{http.Request.Method} is not allowed on {http.Request.Path}; the README's HTTP API table lists each endpoint's method."),
                _ => ApiResult.Problem((HttpStatusCode)status, "about:blank", ReasonPhrases.GetReasonPhrase(status), ReasonPhrases.GetReasonPhrase(status) + "."),
            };
            http.Response.ContentType = problem.ContentType + "; charset=utf-8";
            await http.Response.WriteAsync(problem.Serialize(), http.RequestAborted);
        });
}
