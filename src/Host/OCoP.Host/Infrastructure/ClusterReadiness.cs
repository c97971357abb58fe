using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace OCoP.Host.Infrastructure;

/// <summary>
/// What several hosts of the same build behind a proxy need (docs/adr/0040-several-hosts.md, scripts/cluster.sh): one
/// data protection key ring in PostgreSQL, and the client's address and scheme taken from <c>X-Forwarded-For</c> /
/// <c>X-Forwarded-Proto</c> only when the request comes from a configured proxy (<c>ForwardedHeaders:KnownProxies</c>,
/// addresses; <c>ForwardedHeaders:KnownNetworks</c>, CIDR), so rate limits see the real client and nobody else can
/// choose the address they are counted under. Wolverine's leader election needs <c>Wolverine:Durability=Balanced</c>.
/// </summary>
internal static class ClusterReadiness
{
    public const string ApplicationName = "OCoP";

    public static IServiceCollection AddOCoPClusterReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        // One application name, whatever directory a host runs from: the name isolates key purposes between apps.
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (configuration.GetValue("DataProtection:KeysInPostgres", true))
        {
            services.AddSingleton<PostgresKeyRepository>();
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<PostgresKeyRepository>((options, repository) => options.XmlRepository = repository);
        }

        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1; // the one proxy in front: the address it saw is the client's
            options.KnownProxies.Clear(); // no default trust (ASP.NET trusts loopback unless told otherwise)
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>Trusts forwarded headers only when proxies are configured, before anything reads the client's address.</summary>
    public static IApplicationBuilder UseOCoPForwardedHeaders(this WebApplication app)
    {
        var configured = app.Configuration.GetSection("ForwardedHeaders:KnownProxies").GetChildren().Any() ||
                         app.Configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren().Any();
        return configured ? app.UseForwardedHeaders() : app;
    }
}
