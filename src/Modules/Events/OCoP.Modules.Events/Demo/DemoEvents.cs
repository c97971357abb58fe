using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Events.Agenda;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Breakouts;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Feedback;
using OCoP.Modules.Events.Materials;
using OCoP.Modules.Events.Proposals;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Demo;

/// <summary>
/// The demo calendar of Career Guidance Practitioners (<c>Demo:Seed</c>): a monthly case clinic series with the case
/// clinic agenda and pre-reading, whose next occurrence is full with one member waiting; a past clinic with attendance
/// (one member answered going and did not come), its breakout pair, the two attendees' feedback and its reflection topic in
/// the forum (Discussions' demo seeding recognises its own topics, so the two may arrive in either order); and two topic
/// proposals with votes. It waits until this module knows the group and its members; it writes nothing when the group has
/// events.
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
        const string description = "One anonymised case, thirty minutes each: the presenter listens first, then answers questions.";

        var agenda = AgendaTemplates.Find("case-clinic")!.Items
            .Select(i => i.Kind switch { SegmentKind.Welcome or SegmentKind.WrapUp => i with { Lead = "Elena Rossi" }, _ => i }).ToList();
        List<Material> materials =
        [
            new("How to present a case in ten minutes", "https://example.org/guides/case-presentation", "Read before your first clinic."),
            new("Anonymising client stories", "https://example.org/guides/anonymising", null),
        ];

        GroupEvent Event(string title, DateTime startLocal, Guid? seriesId, int? number, int? capacity) =>
            new GroupEvent
            {
                Agenda = [.. agenda], Materials = [.. materials], PrimingQuestion = "What did your last client need that no source gave you?",
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
        // They met in one breakout pair and both gave feedback.
        session.Store(new BreakoutPlan
        {
            Id = past.Id, GroupId = group.Id, MadeBy = elena, MadeAt = past.StartsAt.AddMinutes(25),
            Rooms = [new BreakoutRoom(1, "Advice for the case owner", "https://meet.example.org/career-clinic-room-1", [elena, dev])],
        });
        List<FeedbackEntry> feedback =
        [
            new()
            {
                Id = FeedbackEntry.IdFor(past.Id, elena), EventId = past.Id, GroupId = group.Id, MemberId = elena, Rating = 5,
                WhatWorked = "The case owner's reflection at the end.", GivenAt = past.EndsAt.AddMinutes(10),
            },
            new()
            {
                Id = FeedbackEntry.IdFor(past.Id, dev), EventId = past.Id, GroupId = group.Id, MemberId = dev, Rating = 4,
                WhatWorked = "Advice in pairs.", WhatToChange = "Ten more minutes for clarifying questions.", GivenAt = past.EndsAt.AddHours(2),
            },
        ];
        session.Store(feedback.ToArray());
        // The facilitator opened the reflection topic in the forum (Discussions starts it, by the same command as the API's).
        var reflectionTitle = Reflection.OpenReflectionTopic.TitleOf(past);
        past.ReflectionTopic = new Reflection.ReflectionTopic { Title = reflectionTitle, RequestedAt = now };
        await bus.SendAsync(new Discussions.Contracts.StartReflectionTopic(past.Id, group.Id, elena, reflectionTitle,
            Reflection.OpenReflectionTopic.BodyOf(past, FeedbackSummary.Of(past.Id, 2, feedback))));
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

        // Two topics proposed for coming sessions, with their votes (a proposer's own vote counts).
        TopicProposal Proposal(string title, string description, Guid by, int daysAgo, params Guid[] voters) => new()
        {
            Id = Guid.CreateVersion7(), GroupId = group.Id, Title = title, Description = description, ProposedBy = by, ProposedAt = now.AddDays(-daysAgo),
            VoterIds = [.. voters], Votes = voters.Length,
        };
        session.Store(Proposal("Career changers over fifty", "Clients who change sector late: what helps them, what we should stop saying.", grace, 9,
            grace, dev, elena));
        session.Store(Proposal("AI tools in guidance interviews", "What do we tell clients who ask a chatbot first?", dev, 4, dev, amara));

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the demo events of {Group}", Careers);
    }
}
