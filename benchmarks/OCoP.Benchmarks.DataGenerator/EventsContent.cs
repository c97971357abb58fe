using Marten;
using Weasel.Core;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Events;
using OCoP.Modules.Events.Agenda;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Feeds;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// Each group's calendar, written as Events' handlers write it: weekly series (an <see cref="EventSeries"/> and its
/// occurrences) and single events from half a year before <see cref="CommunityPlan.Anchor"/> to a year after it, answers
/// with capacity and a first-come waiting list, attendance on the past ones, and a personal iCalendar feed with a known
/// secret for each benchmark member (<see cref="FeedHolders"/> token holders, who also answer the main group's events).
/// Groups get events in proportion to their members, the main group at least a fifth of them: the busiest calendar. Dates are fixed, not
/// relative to the day of the run: the calendar scenarios ask for <see cref="CalendarMonth"/> and from <see cref="CalendarFrom"/>.
/// </summary>
internal static class EventsContent
{
    private const int RowsPerCopy = 5_000;

    /// <summary>The benchmark members: the first token holders (the runner's readers), each with a personal feed.</summary>
    public const int FeedHolders = 50;

    /// <summary>The month the month-view scenario shows (in UTC, the zone of an anonymous viewer).</summary>
    public const string CalendarMonth = "2026-11";

    public static readonly DateTimeOffset CalendarFrom = CommunityPlan.Anchor;

    private static readonly DateTime RangeStart = DateTime.SpecifyKind(CommunityPlan.Anchor.UtcDateTime.AddDays(-26 * 7), DateTimeKind.Unspecified);
    private static readonly int RangeDays = 78 * 7;
    private static readonly int[] Hours = [9, 12, 17, 18, 19];
    private static readonly AttendanceMode[] Modes = Enum.GetValues<AttendanceMode>();
    private static readonly string[] Formats = ["practice circle", "case clinic", "reading group", "open session", "peer review", "skills lab"];
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public sealed record Written(int Events, int Series, int Rsvps, int Attendance, IReadOnlyList<string> FeedTokens, int MainGroupEventsInMonth);

    public static async Task<Written> WriteAsync(CommunityPlan plan, IEventsStore events, StartStep startStep, CancellationToken cancellationToken)
    {
        var size = plan.Size;
        var random = new Random(plan.Seed + 1_400);
        var markdown = new MarkdownRenderer();
        var groupMembers = plan.MembersOfGroup.Select(m => Math.Max(1, m.Indexes.Length)).ToArray();
        var perGroup = Shares(size.Events, groupMembers);
        var meanAnswers = (double)size.Rsvps / Math.Max(1, size.Events);
        var readers = plan.TokenHolders.Take(FeedHolders).Select(h => plan.Members[h].Id).ToArray();
        var monthStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        await events.BulkInsertAsync(plan.Members.Select(m => new MemberTimeZone { Id = m.Id, TimeZone = m.TimeZone, ChangedAt = m.RegisteredAt }).ToList(),
            BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);

        var step = startStep("Events, answers and attendance", size.Events);
        int eventCount = 0, seriesCount = 0, rsvpCount = 0, attendanceCount = 0, inMonth = 0;
        var batchEvents = new List<GroupEvent>();
        var batchSeries = new List<EventSeries>();
        var batchRsvps = new List<Rsvp>();
        var batchAttendance = new List<AttendanceRecord>();
        foreach (var group in plan.Groups)
        {
            var members = plan.MembersOfGroup[group.Index];
            var remaining = perGroup[group.Index];
            while (remaining > 0)
            {
                var organiser = plan.Members[members.Pick(random)];
                var zone = EventTimes.Find(organiser.TimeZone);
                var format = Formats[random.Next(Formats.Length)];
                var subject = group.Tags.Count > 0 ? group.Tags[random.Next(group.Tags.Count)] : group.Name;
                var title = $"{char.ToUpperInvariant(subject[0])}{subject[1..]}: {format}";
                var description = Words.Post(random, null);
                var html = markdown.ToSafeHtml(description);
                var duration = TimeSpan.FromMinutes(60 + 30 * random.Next(3));
                var mode = Modes[random.Next(Modes.Length)];
                var agenda = random.NextDouble() < 0.5 ? AgendaTemplates.All[random.Next(AgendaTemplates.All.Count)].Items.ToList() : [];
                // Seven in ten events belong to a weekly (or fortnightly) series of 4 to 52 occurrences, all inside the range.
                var series = remaining >= 4 && random.NextDouble() < 0.7;
                var interval = random.NextDouble() < 0.8 ? 1 : 2;
                var count = series ? Math.Min(Math.Min(remaining, 4 + random.Next(49)), RangeDays / (7 * interval)) : 1;
                var firstDay = random.Next(RangeDays - 7 * interval * (count - 1));
                var startLocal = RangeStart.Date.AddDays(firstDay).AddHours(Hours[random.Next(Hours.Length)]).AddMinutes(random.Next(2) * 30);
                EventSeries? rule = null;
                if (series)
                {
                    rule = new EventSeries
                    {
                        Id = CommunityPlan.NewGuid(random), GroupId = group.Id, Rule = new RecurrenceRule(RecurrenceFrequency.Weekly, interval, null, count),
                        Occurrences = count, CreatedBy = organiser.Id, CreatedAt = Earlier(startLocal, 30),
                    };
                    batchSeries.Add(rule);
                    seriesCount++;
                }

                var starts = rule is null ? [startLocal] : Recurrence.Expand(startLocal, rule.Rule)!;
                // A quarter of the events have seats for about half of those who usually answer: their waiting lists fill.
                int? capacity = random.NextDouble() < 0.25 ? Math.Max(2, (int)(meanAnswers * 0.5)) : null;
                for (var i = 0; i < starts.Count; i++)
                {
                    var facilitator = rule is not null && random.NextDouble() < 0.3 ? plan.Members[members.Pick(random)].Id : organiser.Id;
                    var groupEvent = new GroupEvent
                    {
                        Id = CommunityPlan.NewGuid(random), GroupId = group.Id, SeriesId = rule?.Id, OccurrenceNumber = rule is null ? null : i + 1, Title = title,
                        Description = description, DescriptionHtml = html, TimeZone = organiser.TimeZone, Mode = mode,
                        MeetingLink = mode == AttendanceMode.InPerson ? null : $"https://meet.example.org/{group.Slug}",
                        Place = mode == AttendanceMode.Online ? null : "Community centre, room 2", HostIds = [organiser.Id], FacilitatorId = facilitator,
                        Capacity = capacity, CheckInCode = Code(random), Agenda = [.. agenda], CreatedBy = organiser.Id, CreatedAt = Earlier(starts[0], 30),
                    }.At(starts[i], starts[i] + duration, zone);
                    groupEvent.UpdatedAt = groupEvent.CreatedAt;
                    groupEvent.Cancelled = groupEvent.StartsAt > CommunityPlan.Anchor && random.NextDouble() < 0.03;
                    Answer(groupEvent, members, group.Index == 0 ? readers : [], meanAnswers, random, batchRsvps, batchAttendance, plan);
                    batchEvents.Add(groupEvent);
                    if (group.Index == 0 && groupEvent.StartsAt >= monthStart && groupEvent.StartsAt < monthStart.AddMonths(1))
                    {
                        inMonth++;
                    }
                }

                remaining -= starts.Count;
            }

            if (batchRsvps.Count >= 20_000 || group.Index == plan.Groups.Count - 1)
            {
                await events.BulkInsertAsync(batchSeries, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                await events.BulkInsertAsync(batchEvents, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                await events.BulkInsertAsync(batchRsvps, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                await events.BulkInsertAsync(batchAttendance, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                eventCount += batchEvents.Count;
                rsvpCount += batchRsvps.Count;
                attendanceCount += batchAttendance.Count;
                step(batchEvents.Count);
                batchSeries.Clear();
                batchEvents.Clear();
                batchRsvps.Clear();
                batchAttendance.Clear();
            }
        }

        // A personal feed ("my events") for each benchmark member, with a secret the runner knows.
        var tokens = new List<string>();
        var feeds = new List<CalendarFeed>();
        foreach (var reader in readers)
        {
            var secret = Convert.ToBase64String(Bytes(random, 32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            tokens.Add(secret);
            feeds.Add(new CalendarFeed
            {
                Id = CommunityPlan.NewGuid(random), MemberId = reader, SecretHash = CalendarFeed.HashOf(secret), CreatedAt = CommunityPlan.Anchor.AddDays(-10),
            });
        }

        await events.BulkInsertAsync(feeds, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        return new Written(eventCount, seriesCount, rsvpCount, attendanceCount, tokens, inMonth);
    }

    /// <summary>
    /// Answers in arrival order, as <c>Respond</c> gives them under the event's row lock: going while seats last, then
    /// the waiting list; the benchmark members answer one in ten of the main group's events. Past events get attendance:
    /// four in five of those holding a seat came, most checked in themselves.
    /// </summary>
    private static void Answer(GroupEvent groupEvent, GroupMembers members, Guid[] readers, double mean, Random random, List<Rsvp> rsvps,
        List<AttendanceRecord> attendance, CommunityPlan plan)
    {
        var wanted = Math.Min(members.Indexes.Length, (int)Math.Round(mean * (0.5 + random.NextDouble())));
        var who = new List<Guid>(wanted + 8);
        var seen = new HashSet<Guid>();
        for (var attempt = 0; attempt < wanted * 4 && who.Count < wanted; attempt++)
        {
            var id = plan.Members[members.Pick(random)].Id;
            if (seen.Add(id))
            {
                who.Add(id);
            }
        }

        foreach (var reader in readers)
        {
            if (random.NextDouble() < 0.1 && seen.Add(reader))
            {
                who.Insert(random.Next(who.Count + 1), reader);
            }
        }

        var answeredBy = groupEvent.StartsAt < CommunityPlan.Anchor ? groupEvent.StartsAt : CommunityPlan.Anchor;
        var span = 14 * 24 * 60;
        var at = answeredBy.AddMinutes(-span);
        foreach (var memberId in who)
        {
            at = at.AddMinutes(random.NextDouble() * span / Math.Max(1, who.Count));
            var roll = random.NextDouble();
            var answer = roll < 0.7 ? RsvpAnswer.Going : roll < 0.9 ? RsvpAnswer.Maybe : RsvpAnswer.NotGoing;
            var rsvp = new Rsvp
            {
                Id = Rsvp.IdFor(groupEvent.Id, memberId), EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = memberId, Answer = answer,
                Position = ++groupEvent.LastPosition, StartKey = groupEvent.StartKey, RespondedAt = at,
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

            rsvps.Add(rsvp);
            if (rsvp.HasSeat && !groupEvent.Cancelled && groupEvent.EndsAt < CommunityPlan.Anchor && random.NextDouble() < 0.8)
            {
                var self = random.NextDouble() < 0.7;
                attendance.Add(new AttendanceRecord
                {
                    Id = AttendanceRecord.IdFor(groupEvent.Id, memberId), EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = memberId,
                    CheckedInAt = groupEvent.StartsAt.AddMinutes(random.Next(-10, 20)), CheckedInBy = self ? memberId : groupEvent.FacilitatorId ?? groupEvent.CreatedBy,
                    StartKey = groupEvent.StartKey,
                });
            }
        }
    }

    /// <summary>
    /// <paramref name="total"/> split in proportion to the weights, except that the first (the main group, the calendar
    /// the scenarios read) takes at least a fifth: a busy month on every size. The rounding is left to the first too.
    /// </summary>
    private static int[] Shares(int total, int[] weights)
    {
        var main = Math.Max(total / 5, (int)((long)total * weights[0] / weights.Sum()));
        var others = (double)weights.Skip(1).Sum();
        var shares = weights.Select((w, i) => i == 0 ? 0 : (int)((total - main) * w / others)).ToArray();
        shares[0] = total - shares.Sum();
        return shares;
    }

    private static DateTimeOffset Earlier(DateTime startLocal, int days)
    {
        var at = new DateTimeOffset(startLocal, TimeSpan.Zero).AddDays(-days);
        return at < CommunityPlan.Anchor ? at : CommunityPlan.Anchor.AddDays(-1);
    }

    /// <summary>A check-in code as <see cref="CheckInWindow"/> draws them, from the seeded generator.</summary>
    private static string Code(Random random) =>
        new([.. Enumerable.Range(0, CheckInWindow.CodeLength).Select(_ => CodeAlphabet[random.Next(CodeAlphabet.Length)])]);

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
