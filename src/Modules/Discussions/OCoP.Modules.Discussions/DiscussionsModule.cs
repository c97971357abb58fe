using System.Linq.Expressions;
using Marten.Schema;
using OCoP.BuildingBlocks.Modules;
using OCoP.BuildingBlocks.Scheduling;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions;

/// <summary>Group forums: topics, replies, Q&amp;A, polls, reactions, flags and moderation. The module's only public entry point.</summary>
public static class DiscussionsModule
{
    public const string Name = "Discussions";
    public const string SchemaName = "discussions";

    private static readonly ModuleDescription Module = new(Name, SchemaName, typeof(DiscussionsModule).Assembly);

    public static IServiceCollection AddDiscussionsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModule<IDiscussionsStore, DiscussionsOptions>(configuration, Module, options =>
        {
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
            options.Schema.For<GroupReadDay>();
            // The summary at the top of a topic, by the topic's id (docs/adr/0075).
            options.Schema.For<TopicSummary>();
            options.Schema.For<Poll>();
            options.Schema.For<PollVote>().Index(v => v.PollId);
            options.Schema.For<Flag>().Index(f => f.PostId);
            // Flagged chat messages in the review queue, by group (docs/adr/0072).
            options.Schema.For<ChatFlagReview>().Index(Keys<ChatFlagReview>(r => r.GroupId, r => r.Pending));
            options.Schema.For<ModerationLogEntry>().Index(Keys<ModerationLogEntry>(e => e.GroupId, e => e.SortKey));
            // Facilitators' scheduled questions, listed by group (issue 15, docs/workbench.md).
            options.Schema.For<Prompts.ScheduledPrompt>().Index(p => p.GroupId);
            // Reflection topics Events asked for, one per event (docs/adr/0066).
            options.Schema.For<ReflectionTopicMarker>();
            // Topics of chat conversations moved into the forum, one per move (docs/adr/0071).
            options.Schema.For<ChatTopicMarker>();
        });

        services.AddSingleton(provider => new ChatModerationHandler.DefaultFlagThreshold(
            provider.GetRequiredService<IOptions<DiscussionsOptions>>().Value.DefaultFlagThreshold));
        services.AddRecurringJob<IDiscussionsStore>(AutoCloseHandler.JobId,
            TimeSpan.FromMinutes(configuration.GetValue($"{Name}:{nameof(DiscussionsOptions.AutoCloseSweepMinutes)}", 60.0)),
            token => new AutoCloseHandler.SweepIdleTopics { Token = token });
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<Demo.DemoDiscussions>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapDiscussionsModule(this IEndpointRouteBuilder app) => app.MapModule(Module);

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
