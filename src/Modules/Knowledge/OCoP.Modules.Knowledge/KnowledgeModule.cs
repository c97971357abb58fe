using System.Linq.Expressions;
using Marten.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Modules;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Knowledge;

/// <summary>What a group knows: its wiki (pages, revisions, links). The module's only public entry point.</summary>
public static class KnowledgeModule
{
    public const string Name = "Knowledge";
    public const string SchemaName = "knowledge";

    private static readonly ModuleDescription Module = new(Name, SchemaName, typeof(KnowledgeModule).Assembly);

    public static IServiceCollection AddKnowledgeModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModule<IKnowledgeStore, KnowledgeOptions>(configuration, Module, options =>
        {
            options.AddGroupAccessReplica();
            // A page holds its current text; its revisions are separate documents, so reading a page never touches its history.
            options.Schema.For<WikiPage>()
                .UniqueIndex(UniqueIndexType.Computed, "wiki_page_slug", p => p.GroupId, p => p.Slug)
                .Index(Keys<WikiPage>(p => p.GroupId, p => p.ParentId!))
                .GinIndexJsonData();
            options.Schema.For<WikiRevision>()
                .UniqueIndex(UniqueIndexType.Computed, "wiki_revision_number", r => r.PageId, r => r.Number);
            options.Schema.For<WikiRedirect>();
        });
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<Demo.DemoWiki>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapKnowledgeModule(this IEndpointRouteBuilder app) => app.MapModule(Module);

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
