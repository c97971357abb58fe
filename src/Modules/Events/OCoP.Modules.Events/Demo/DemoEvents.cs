using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Demo;

/// <summary>
/// The demo calendar of Career Guidance Practitioners (<c>Demo:Seed</c>): a monthly case clinic series whose next
/// occurrence is full with one member waiting, and a past clinic with attendance (one member answered going and did not
/// come). It waits until this module knows the group and its members; it writes nothing when the group has events.
/// </summary>
internal sealed class DemoEvents(IServiceScopeFactory scopes, ILogger<DemoEvents> logger) : BackgroundService
{
    private const string Careers = "career-guidance-practitioners";
    private const string Zone = "Europe/Berlin";
    private static readonly string[] Handles = ["amara_okafor", "elena_rossi", "dev_patel", "grace_liu"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!await ReadyAsync(stoppingToken))
            {
                if (DateTime.UtcNow > deadline)
                {
                    logger.LogWarning("The demo group or its members did not arrive in time; no demo events were written");
                    return;
                }

                await Task.Delay(250, stoppingToken);
            }

            await SeedAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not seed the demo events");
        }
    }

    private async Task<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await using var session = scope.ServiceProvider.GetRequiredService<IEventsStore>().QuerySession();
        var group = await session.Query<GroupFacts>().FirstOrDefaultAsync(g => g.Slug == Careers, cancellationToken);
        return group is not null && await session.Query<MemberFacts>().CountAsync(m => m.Handle.IsOneOf(Handles), cancellationToken) == Handles.Length &&
               await session.Query<MembershipFacts>().CountAsync(m => m.GroupId == group.Id && m.Active, cancellationToken) >= Handles.Length;
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        var markdown = services.GetRequiredService<MarkdownRenderer>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventsOptions>>().Value;
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IEventsStore>>().OpenSession(bus);
        var group = await session.Query<GroupFacts>().SingleAsync(g => g.Slug == Careers, cancellationToken);
        if (await session.Query<GroupEvent>().AnyAsync(e => e.GroupId == group.Id, cancellationToken))
        {
            return;
        }

        var who = (await session.Query<MemberFacts>().Where(m => m.Handle.IsOneOf(Handles)).ToListAsync(cancellationToken)).ToDictionary(m => m.Handle, m => m.Id);
        var (amara, elena, dev, grace) = (who["amara_okafor"], who["elena_rossi"], who["dev_patel"], who["grace_liu"]);
        var zone = EventTimes.Find(Zone);
        var today = EventTimes.InZone(now, zone).Date;
        const string description = "One anonymised case, thirty minutes each: the presenter listens first, then answers questions.\n\n" +
                                   "**Priming question:** what did your last client need that no source gave you?";

        GroupEvent Event(string title, DateTime startLocal, Guid? seriesId, int? number, int? capacity) =>
            new GroupEvent
            {
                Id = Guid.CreateVersion7(), GroupId = group.Id, SeriesId = seriesId, OccurrenceNumber = number, Title = title, Description = description,
                DescriptionHtml = markdown.ToSafeHtml(description), TimeZone = Zone, Mode = AttendanceMode.Online, MeetingLink = "https://meet.example.org/career-clinic",
                HostIds = [amara], FacilitatorId = elena, Capacity = capacity, CheckInCode = CheckInWindow.NewCode(), CreatedBy = amara,
                CreatedAt = now.AddDays(-40), UpdatedAt = now.AddDays(-40),
            }.At(startLocal, startLocal.AddHours(1), zone);

        void Answer(GroupEvent groupEvent, Guid memberId, RsvpAnswer answer, DateTimeOffset at)
        {
            var rsvp = new Rsvp
            {
                Id = Rsvp.IdFor(groupEvent.Id, memberId), EventId = groupEvent.Id, GroupId = group.Id, MemberId = memberId, Answer = answer,
                Position = ++groupEvent.LastPosition, RespondedAt = at, StartKey = groupEvent.StartKey,
            };
            if (answer == RsvpAnswer.Going)
            {
                rsvp.Waiting = !groupEvent.HasSeatFor();
                if (rsvp.Waiting)
                {
                    groupEvent.WaitingCount++;
                }
                else
                {
                    groupEvent.GoingCount++;
                }
            }

            session.Store(rsvp);
        }

        // A past clinic: three answered going, two came (one checked in herself, one was ticked by the facilitator).
        var past = Event("Case clinic: clients changing sector", today.AddDays(-21).AddHours(18), null, null, 6);
        foreach (var member in new[] { elena, dev, grace })
        {
            Answer(past, member, RsvpAnswer.Going, now.AddDays(-25));
        }

        session.Store(new AttendanceRecord
        {
            Id = AttendanceRecord.IdFor(past.Id, elena), EventId = past.Id, GroupId = group.Id, MemberId = elena, CheckedInAt = past.StartsAt.AddMinutes(2),
            CheckedInBy = elena, StartKey = past.StartKey,
        });
        session.Store(new AttendanceRecord
        {
            Id = AttendanceRecord.IdFor(past.Id, dev), EventId = past.Id, GroupId = group.Id, MemberId = dev, CheckedInAt = past.StartsAt.AddMinutes(20),
            CheckedInBy = elena, StartKey = past.StartKey,
        });
        session.Store(past);
        await Search.EventsSearchFeed.PublishAsync(bus, past, Careers, now);

        // The monthly series, from the next first Thursday-ish date; its first occurrence is full and one member waits.
        var seriesId = Guid.CreateVersion7();
        var rule = new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, 1, null, 6);
        var starts = Recurrence.Expand(today.AddDays(12).AddHours(18), rule)!;
        session.Store(new EventSeries { Id = seriesId, GroupId = group.Id, Rule = rule, Occurrences = starts.Count, CreatedBy = amara, CreatedAt = now.AddDays(-40) });
        for (var i = 0; i < starts.Count; i++)
        {
            var occurrence = Event("Monthly case clinic", starts[i], seriesId, i + 1, 2);
            if (i == 0)
            {
                Answer(occurrence, elena, RsvpAnswer.Going, now.AddDays(-3));
                Answer(occurrence, dev, RsvpAnswer.Going, now.AddDays(-2));
                Answer(occurrence, grace, RsvpAnswer.Going, now.AddDays(-1));
            }

            session.Store(occurrence);
            await Search.EventsSearchFeed.PublishAsync(bus, occurrence, Careers, now);
            await Reminders.EventRemindersHandler.ScheduleAsync(bus, occurrence, options.ReminderLeads, now);
        }

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the demo events of {Group}", Careers);
    }
}
