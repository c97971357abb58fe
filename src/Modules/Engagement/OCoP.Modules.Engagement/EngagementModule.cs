using System.Linq.Expressions;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Mediation;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement;

/// <summary>
/// Follows, activity streams, notifications, e-mail alerts and digests, private messages: everything that brings members
/// back, fed only by the other modules' integration events. The module's only public entry point.
/// </summary>
public static class EngagementModule
{
    public const string Name = "Engagement";
    public const string SchemaName = "engagement";

    public static IServiceCollection AddEngagementModule(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
        var assembly = typeof(EngagementModule).Assembly;

        services.Configure<EngagementOptions>(configuration.GetSection(EngagementOptions.Section));
        services.AddMartenStore<IEngagementStore>(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = SchemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Schema.For<Person>();
                options.Schema.For<CommunityGroup>();
                options.Schema.For<GroupMember>().Index(m => m.MemberId).Index(m => m.GroupId);
                // Fan-out asks "who follows this?", pages ask "what do I follow?": one index each.
                options.Schema.For<Follow>()
                    .Index(Keys<Follow>(f => f.Target, f => f.TargetId))
                    .Index(f => f.MemberId);
                options.Schema.For<Notification>()
                    .Index(Keys<Notification>(n => n.MemberId, n => n.UpdatedAt))
                    .Index(Keys<Notification>(n => n.MemberId, n => n.GroupingKey));
            })
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();

        services.AddModuleFeatures(assembly);
        // Explicit discovery: the module names its own Wolverine handlers.
        services.ConfigureWolverine(options => options.Discovery
            .IncludeType(typeof(MembershipEventsHandler)));

        services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            if (parts.ApplicationParts.All(p => p.Name != assembly.GetName().Name))
            {
                parts.ApplicationParts.Add(new AssemblyPart(assembly));
            }
        });

        return services;
    }

    public static IEndpointRouteBuilder MapEngagementModule(this IEndpointRouteBuilder app)
    {
        app.MapModuleEndpoints(typeof(EngagementModule).Assembly, Name);
        return app;
    }

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
