using System.Reflection;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OCoP.BuildingBlocks.Mediation;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.BuildingBlocks.Web;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.BuildingBlocks.Modules;

/// <summary>Who a module is: its name (also its configuration section and OpenAPI tag), its schema and its assembly.</summary>
public sealed record ModuleDescription(string Name, string SchemaName, Assembly Assembly);

/// <summary>
/// Everything a module registers the same way (docs/adr/0011-module-kit.md): its Marten store in its own schema, joined to
/// Wolverine's outbox and migrated at start-up; its options bound to the section named after it; its MediatR features,
/// validators and Carter endpoints; its Razor pages; and every public Wolverine handler of its assembly, so a new
/// handler cannot be forgotten. The module adds only what is its own: document mappings and its own services.
/// </summary>
public static class ModuleKit
{
    public static IServiceCollection AddModule<TStore, TOptions>(this IServiceCollection services, IConfiguration configuration,
        ModuleDescription module, Action<StoreOptions> documents)
        where TStore : class, IDocumentStore
        where TOptions : class
    {
        services.Configure<TOptions>(configuration.GetSection(module.Name));
        // The host registers its pool first; a process that only uses the stores (the benchmark data generator) gets one here.
        services.TryAddSingleton(_ => HostDataSource.Create(configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured."), configuration));
        services.AddMartenStore<TStore>(provider =>
            {
                var options = new StoreOptions();
                // The host's one pool (docs/adr/0025), shared with the other modules and Wolverine.
                options.Connection(provider.GetRequiredService<NpgsqlDataSource>());
                options.DatabaseSchemaName = module.SchemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Schema.For<RecurringJob>();
                documents(options);
                return options;
            })
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();

        services.AddModuleFeatures(module.Assembly);
        services.ConfigureWolverine(options =>
        {
            foreach (var handler in WolverineHandlers.In(module.Assembly))
            {
                options.Discovery.IncludeType(handler);
            }
        });
        services.AddModulePages(module.Assembly);
        return services;
    }

    /// <summary>Maps the module's Carter endpoints under its OpenAPI tag.</summary>
    public static IEndpointRouteBuilder MapModule(this IEndpointRouteBuilder app, ModuleDescription module)
    {
        app.MapModuleEndpoints(module.Assembly, module.Name);
        return app;
    }
}

/// <summary>
/// The module's public Wolverine handlers: public classes named *Handler with a public Handle/Consume method, the same
/// shape the architecture tests allow to be public (docs/adr/0001). Wolverine's conventional discovery stays off, so
/// these are the only handlers a module has.
/// </summary>
public static class WolverineHandlers
{
    public static IReadOnlyList<Type> In(Assembly assembly) => assembly.GetExportedTypes().Where(IsHandler).ToList();

    public static bool IsHandler(Type type) =>
        type.IsClass && type.Name.EndsWith("Handler", StringComparison.Ordinal) &&
        type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Any(m => m.Name is "Handle" or "HandleAsync" or "Consume" or "ConsumeAsync");
}
