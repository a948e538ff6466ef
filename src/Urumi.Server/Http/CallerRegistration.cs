using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

internal static class CallerRegistration
{
    /// <summary>
    /// <see cref="ApiCallers"/>, the API key scheme (<see cref="ApiKeyAuthenticationHandler"/>), and the
    /// JWT bearer handler when an issuer is configured.
    /// </summary>
    public static IServiceCollection AddUrumiCallers(this IServiceCollection services, ServerOptions server)
    {
        services.AddSingleton<ApiCallers>();
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (server.Jwt.Enabled)
        {
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.Authority = server.Jwt.Authority;
                jwt.Audience = server.Jwt.Audience;
                jwt.RequireHttpsMetadata = server.Jwt.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = server.Jwt.NameClaim;
                jwt.TokenValidationParameters.RoleClaimType = server.Jwt.RoleClaim;
            });
        }

        return services;
    }
}
