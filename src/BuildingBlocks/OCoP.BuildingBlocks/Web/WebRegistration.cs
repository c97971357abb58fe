using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace OCoP.BuildingBlocks.Web;

public static class WebRegistration
{
    public static IServiceCollection AddOCoPWeb(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentMember>();
        services.AddSingleton<IAuthorizationHandler, TokenScopeHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MemberPolicy.Name, MemberPolicy.Build());
        return services;
    }
}

/// <summary>Names of the rate-limiting policies the host defines.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in, registration, password reset: per client address, tight.</summary>
    public const string Account = "account";
}
