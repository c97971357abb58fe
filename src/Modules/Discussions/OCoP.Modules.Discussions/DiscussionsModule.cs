using System.Linq.Expressions;
using JasperFx;
using Marten;
using Marten.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Mediation;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions;

/// <summary>Group forums: topics, replies, Q&amp;A, polls, reactions, flags and moderation. The module's only public entry point.</summary>
public static class DiscussionsModule
{
    public const string Name = "Discussions";
    public const string SchemaName = "discussions";

    public static IServiceCollection AddDiscussionsModule(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
        var assembly = typeof(DiscussionsModule).Assembly;

        services.Configure<DiscussionsOptions>(configuration.GetSection(DiscussionsOptions.Section));
        services.AddMartenStore<IDiscussionsStore>(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = SchemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.AddGroupAccessReplica();
                options.Schema.For<ForumGroup>();
                // Every list and page below reads one index range: composite keys, group or topic first.
                options.Schema.For<Topic>()
                    .UniqueIndex(UniqueIndexType.Computed, "topic_number", t => t.GroupId, t => t.Number)
                    .Index(Keys<Topic>(t => t.GroupId, t => t.LatestKey))
                    .Index(Keys<Topic>(t => t.GroupId, t => t.NewestKey))
                    .Index(Keys<Topic>(t => t.GroupId, t => t.ActiveKey))
                    .Index(Keys<Topic>(t => t.LastPostAt));
                options.Schema.For<Post>()
                    .UniqueIndex(UniqueIndexType.Computed, "post_number", p => p.TopicId, p => p.Number)
                    .Index(Keys<Post>(p => p.TopicId, p => p.ThreadPath))
                    .Index(Keys<Post>(p => p.AuthorId, p => p.CreatedAt))
                    .Index(Keys<Post>(p => p.GroupId, p => p.InReview));
                options.Schema.For<PostRevision>().Index(r => r.PostId);
                options.Schema.For<TopicReadState>();
                options.Schema.For<Poll>();
                options.Schema.For<PollVote>().Index(v => v.PollId);
                options.Schema.For<Flag>().Index(f => f.PostId);
                options.Schema.For<ModerationLogEntry>().Index(Keys<ModerationLogEntry>(e => e.GroupId, e => e.SortKey));
            })
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();

        services.AddModuleFeatures(assembly);
        // Explicit discovery: the module names its own Wolverine handlers.
        services.ConfigureWolverine(options => options.Discovery
            .IncludeType(typeof(GroupAccessReplicaHandler))
            .IncludeType(typeof(ForumCodeOfConductHandler))
            .IncludeType(typeof(PollClosingHandler))
            .IncludeType(typeof(AutoCloseHandler)));
        services.AddHostedService<AutoCloseSweeps>();
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<Demo.DemoDiscussions>();
        }

        services.AddModulePages(assembly);

        return services;
    }

    public static IEndpointRouteBuilder MapDiscussionsModule(this IEndpointRouteBuilder app)
    {
        app.MapModuleEndpoints(typeof(DiscussionsModule).Assembly, Name);
        return app;
    }

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
