using System.Linq.Expressions;
using Marten.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Modules;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Knowledge;

/// <summary>What a group knows: its wiki (pages, revisions, links), its blog and its resource directory. The module's only public entry point.</summary>
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
            options.Schema.For<Blog.BlogPost>()
                .Index(Keys<Blog.BlogPost>(p => p.GroupId, p => p.PublishedKey))
                .Index(Keys<Blog.BlogPost>(p => p.GroupId, p => p.AuthorId));
            options.Schema.For<Blog.BlogComment>().Index(Keys<Blog.BlogComment>(c => c.PostId, c => c.Key));
            options.Schema.For<Resource>()
                .Index(Keys<Resource>(r => r.GroupId, r => r.Key))
                .Index(r => r.LinkCheckedAt!)
                .GinIndexJsonData();
            options.Schema.For<ResourceRating>().Index(r => r.ResourceId);
            options.Schema.For<Files.KnowledgeFile>().Index(Keys<Files.KnowledgeFile>(f => f.GroupId, f => f.TargetId));
            options.Storage.ExtendedSchemaObjects.Add(Files.FileContents.Definition(SchemaName));
        });
        services.AddLinkChecker(configuration);
        services.AddRecurringJob<IKnowledgeStore>(LinkCheckHandler.JobId,
            TimeSpan.FromMinutes(configuration.GetValue($"{KnowledgeOptions.Section}:{nameof(KnowledgeOptions.LinkCheckIntervalMinutes)}", 7 * 24 * 60.0)),
            token => new LinkCheckHandler.CheckResourceLinks { Token = token });
        services.AddRecurringJob<IKnowledgeStore>(Curation.StaleSummaryHandler.JobId,
            TimeSpan.FromMinutes(configuration.GetValue($"{KnowledgeOptions.Section}:{nameof(KnowledgeOptions.StaleSummaryIntervalMinutes)}", 7 * 24 * 60.0)),
            token => new Curation.StaleSummaryHandler.SummariseStalePages(
                configuration.GetValue($"{KnowledgeOptions.Section}:{nameof(KnowledgeOptions.ReviewAfterDays)}", 180)) { Token = token });
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<Demo.DemoWiki>();
            services.AddHostedService<Demo.DemoBlogAndResources>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapKnowledgeModule(this IEndpointRouteBuilder app) => app.MapModule(Module);

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
