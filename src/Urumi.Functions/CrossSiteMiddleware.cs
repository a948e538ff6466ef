using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Urumi.Functions;

/// <summary>
/// The cross-site rule of <see cref="Platform.Api.BrowserGuard"/> for every API trigger, before the
/// function runs (so a refused request reads no body and starts nothing). The Host check is the
/// platform's: App Service routes only the host names bound to the app (docs/security.md).
/// </summary>
internal sealed class CrossSiteMiddleware : IFunctionsWorkerMiddleware
{
    /// <summary>Every API function's name starts with this; the dashboard's does not (a cross-site link to it is fine).</summary>
    public const string ApiFunctionPrefix = "Api";

    public static bool Applies(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FunctionDefinition.Name.StartsWith(ApiFunctionPrefix, StringComparison.Ordinal)
            && context.FunctionDefinition.InputBindings.Values.Any(b => b.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (await context.GetHttpRequestDataAsync() is { } request && HttpBinding.CrossSite(request) is { } refusal)
        {
            context.GetInvocationResult().Value = await HttpBinding.WriteAsync(request, refusal);
            return;
        }

        await next(context);
    }
}
