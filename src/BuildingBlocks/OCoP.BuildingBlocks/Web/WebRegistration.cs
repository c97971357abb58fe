using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;

namespace OCoP.BuildingBlocks.Web;

public static class WebRegistration
{
    public static IServiceCollection AddOCoPWeb(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentMember>();
        services.AddSingleton<PageSlots>();
        services.AddSingleton<IAuthorizationHandler, TokenScopeHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MemberPolicy.Name, MemberPolicy.Build());
        return services;
    }

    /// <summary>Adds a module's compiled Razor pages (and partials) to the site, once.</summary>
    public static IServiceCollection AddModulePages(this IServiceCollection services, Assembly moduleAssembly)
    {
        services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            if (parts.ApplicationParts.All(p => p.Name != moduleAssembly.GetName().Name))
            {
                parts.ApplicationParts.Add(new AssemblyPart(moduleAssembly));
            }
        });
        return services;
    }
}

/// <summary>Names of the rate-limiting policies the host defines.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in, registration, password reset: per client address, tight.</summary>
    public const string Account = "account";
}
