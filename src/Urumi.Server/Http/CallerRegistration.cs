using Microsoft.AspNetCore.Authentication.JwtBearer;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

internal static class CallerRegistration
{
    /// <summary><see cref="ApiCallers"/>, and the JWT bearer handler when an issuer is configured.</summary>
    public static IServiceCollection AddUrumiCallers(this IServiceCollection services, ServerOptions server)
    {
        services.AddSingleton<ApiCallers>();
        if (server.Jwt.Enabled)
        {
            services.AddAuthentication().AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, jwt =>
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
