using System.Linq.Expressions;
using Marten;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Modules;
using OCoP.BuildingBlocks.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Engagement.Live;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Modules.Engagement.Webhooks;
using Wolverine;
using Wolverine.ErrorHandling;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement;

/// <summary>
/// Follows, activity streams, notifications, e-mail alerts and digests, private messages: everything that brings members
/// back, fed only by the other modules' integration events. The module's only public entry point.
/// </summary>
public static class EngagementModule
{
    public const string Name = "Engagement";
    public const string SchemaName = "engagement";

    private static readonly ModuleDescription Module = new(Name, SchemaName, typeof(EngagementModule).Assembly);

    public static IServiceCollection AddEngagementModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModule<IEngagementStore, EngagementOptions>(configuration, Module, options =>
        {
            options.AddGroupAccessReplica();
            options.Schema.For<Recipient>();
            // Fan-out asks "who follows this?", pages ask "what do I follow?": one index each.
            options.Schema.For<Follow>()
                .Index(Keys<Follow>(f => f.Target, f => f.TargetId))
                .Index(f => f.MemberId);
            // Follows' topics, and activity: streams read by (group | actor | feed owner, key) ranges, newest first.
            options.Schema.For<KnownTopic>();
            options.Schema.For<KnownWikiPage>();
            options.Schema.For<Activity.ActivityItem>()
                .Index(Keys<Activity.ActivityItem>(i => i.GroupId!, i => i.Key))
                .Index(Keys<Activity.ActivityItem>(i => i.ActorId, i => i.Key));
            options.Schema.For<Activity.FeedEntry>()
                .Index(Keys<Activity.FeedEntry>(e => e.MemberId, e => e.Key));
            options.Schema.For<Notification>()
                .Index(Keys<Notification>(n => n.MemberId, n => n.UpdatedAt))
                .Index(Keys<Notification>(n => n.MemberId, n => n.GroupingKey));
            // E-mail: preferences and digest schedules are loaded by id; sent e-mails are keyed by what they are for.
            options.Schema.For<Email.EmailPreferences>();
            options.Schema.For<Email.DigestSchedule>();
            options.Schema.For<Email.OutgoingEmail>().Index(e => e.MemberId).Index(e => e.ToAddress);
            options.Schema.For<Email.UpcomingEvent>().Index(Keys<Email.UpcomingEvent>(e => e.GroupId, e => e.StartsAt));
            // Private messages: my conversations by member, a conversation's messages by number, my blocks, reports by date.
            options.Schema.For<Messages.Conversation>().GinIndexJsonData();
            options.Schema.For<Messages.PrivateMessage>().Index(Keys<Messages.PrivateMessage>(m => m.ConversationId, m => m.Number));
            options.Schema.For<Messages.MemberBlock>().Index(b => b.BlockerId);
            options.Schema.For<Messages.MessageReport>().Index(r => r.ReportedAt);
            // Search: people's searchable profiles; the index itself is a plain table (Search/SearchIndex.cs, docs/search.md).
            options.Schema.For<Search.SearchProfile>();
            // Group health: daily rollups by id, topics by (group, time), members by id (docs/health.md).
            options.Schema.For<Health.GroupDay>();
            options.Schema.For<Health.HealthTopic>().Index(Keys<Health.HealthTopic>(t => t.GroupId, t => t.CreatedAt));
            options.Schema.For<Health.HealthEvent>().Index(Keys<Health.HealthEvent>(e => e.GroupId, e => e.StartsAt));
            options.Schema.For<Health.HealthMember>();
            options.Schema.For<Health.GroupActivity>();
            // Badges: a member's per group by id, a group's by group, a member's across groups by member; settings by group id (ADR 0077).
            options.Schema.For<Badges.MemberBadges>().Index(b => b.GroupId).Index(b => b.MemberId);
            options.Schema.For<Badges.GroupBadgeSettings>();
            // Surveys: a group's surveys by group; responses by survey; who answered by id (docs/workbench.md).
            options.Schema.For<Surveys.Survey>().Index(s => s.GroupId);
            options.Schema.For<Surveys.SurveyResponse>().Index(r => r.SurveyId);
            options.Schema.For<Surveys.SurveyResponder>();
            // Announcements: a group's, newest first by key; the per-group slot of the last important one by id (docs/adr/0070).
            options.Schema.For<Announcements.Announcement>().Index(Keys<Announcements.Announcement>(a => a.GroupId, a => a.Key));
            options.Schema.For<Announcements.ImportantAnnouncementSlot>();
            // Chat: a group's channels, a channel's messages by number, read markers by id (docs/chat.md).
            options.Schema.For<Chat.ChatChannel>().Index(c => c.GroupId);
            options.Schema.For<Chat.ChatMessage>().UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "chat_message_number", m => m.ChannelId, m => m.Number);
            options.Schema.For<Chat.ChatReadMarker>();
            // Conversations moved into forum topics, by channel (docs/adr/0071).
            options.Schema.For<Chat.ChatMove>().Index(m => m.ChannelId);
            // Professional-development records: a member's by member, their own entries by member; charter skills and event leaders by id (ADR 0078).
            options.Schema.For<Development.DevelopmentRecord>().Index(r => r.MemberId);
            options.Schema.For<Development.DevelopmentEntry>().Index(e => e.MemberId);
            options.Schema.For<Development.CharterSkills>();
            options.Schema.For<Development.LedEvent>();
            // Webhooks: those of a scope by group, those asking for a kind scanned per event (few); the log by webhook, newest first.
            options.Schema.For<Webhooks.Webhook>().Index(h => h.GroupId!);
            options.Schema.For<Webhooks.WebhookDelivery>().Index(Keys<Webhooks.WebhookDelivery>(d => d.WebhookId, d => d.SortKey));
        });

        services.AddWebhookDelivery();

        services.AddSingleton<Email.UnsubscribeLinks>();
        services.AddLiveUpdates(configuration);
        services.AddRecurringJob<IEngagementStore>(Email.StuckEmailSweepHandler.JobId,
            TimeSpan.FromMinutes(configuration.GetValue("Engagement:StuckEmailSweepMinutes", 1.0)),
            token => new Email.StuckEmailSweepHandler.SweepStuckEmails { Token = token });
        // An event no retry can mend goes to the dead-letter queue at once, with its error; the queue moves on.
        services.ConfigureWolverine(options => options.OnException<MalformedEventException>().MoveToErrorQueue());
        return services;
    }

    public static IEndpointRouteBuilder MapEngagementModule(this IEndpointRouteBuilder app) => app.MapModule(Module).MapLiveHub();

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
