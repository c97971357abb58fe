using System.Linq.Expressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Modules;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Feeds;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Events;

/// <summary>
/// Group events: calendars, RSVPs with capacity and a waiting list, reminders, iCalendar feeds and recurring series. The
/// module's only public entry point. "Event" means a meeting of a group throughout, never a Marten or Wolverine event.
/// </summary>
public static class EventsModule
{
    public const string Name = "Events";
    public const string SchemaName = "events";

    private static readonly ModuleDescription Module = new(Name, SchemaName, typeof(EventsModule).Assembly);

    public static IServiceCollection AddEventsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModule<IEventsStore, EventsOptions>(configuration, Module, options =>
        {
            options.AddGroupAccessReplica();
            options.Schema.For<MemberTimeZone>();
            options.Schema.For<Breakouts.MemberPractice>();
            // Calendars read one index range: a group's events (or several groups') by start, then id.
            options.Schema.For<GroupEvent>()
                .Index(Keys<GroupEvent>(e => e.GroupId, e => e.StartKey))
                .Index(e => e.StartKey)
                .Index(Keys<GroupEvent>(e => e.SeriesId!, e => e.OccurrenceNumber!));
            options.Schema.For<EventSeries>();
            options.Schema.For<Reminders.ReminderPreference>();
            // An event's answers: going and waiting in arrival order; a member's answers for "my events" and the feed.
            options.Schema.For<Rsvp>()
                .Index(Keys<Rsvp>(r => r.EventId, r => r.Waiting, r => r.Position))
                .Index(Keys<Rsvp>(r => r.MemberId, r => r.StartKey));
            options.Schema.For<AttendanceRecord>()
                .Index(a => a.EventId)
                .Index(Keys<AttendanceRecord>(a => a.GroupId, a => a.MemberId));
            options.Schema.For<Breakouts.BreakoutPlan>().Index(Keys<Breakouts.BreakoutPlan>(p => p.SeriesId!, p => p.OccurrenceNumber!));
            options.Schema.For<Feedback.FeedbackEntry>().Index(f => f.EventId);
            options.Schema.For<Proposals.TopicProposal>().Index(Keys<Proposals.TopicProposal>(p => p.GroupId, p => p.Votes));
            options.Schema.For<CalendarFeed>()
                .Index(f => f.SecretHash, index => index.IsUnique = true)
                .Index(f => f.MemberId);
        });
        services.AddSingleton<RsvpGate>();
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<Demo.DemoEvents>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapEventsModule(this IEndpointRouteBuilder app) => app.MapModule(Module);

    private static Expression<Func<T, object>>[] Keys<T>(params Expression<Func<T, object>>[] keys) => keys;
}
