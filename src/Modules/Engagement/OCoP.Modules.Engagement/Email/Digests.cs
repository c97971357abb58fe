using System.Text;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Email;

/// <summary>
/// The next digest of one member at one frequency (Id <c>{member:N}/{frequency}</c>). Exactly one durable scheduled
/// <see cref="DigestsHandler.DigestDue"/> is live per schedule: the one carrying <see cref="Token"/>. Rescheduling (a new
/// digest time, the next period) takes a new token, so a message scheduled before is recognised as stale and dropped.
/// </summary>
internal sealed class DigestSchedule
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public EmailFrequency Frequency { get; set; }
    public Guid Token { get; set; }

    /// <summary>When the live message is due; null when the member takes no digest at this frequency.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>The end of the window the last digest covered: the next one holds what came after.</summary>
    public DateTimeOffset? LastDigestAt { get; set; }

    public static string IdFor(Guid memberId, EmailFrequency frequency) => $"{memberId:N}/{frequency}";
}

/// <summary>When digests fall due: at the member's chosen time of day in their own time zone, weekly ones on their weekday.</summary>
internal static class DigestPlan
{
    public static readonly EmailFrequency[] Frequencies = [EmailFrequency.DailyDigest, EmailFrequency.WeeklyDigest];

    /// <summary>A schedule whose due time passed this long ago without running is taken as lost and started again.</summary>
    private static readonly TimeSpan Lost = TimeSpan.FromHours(1);

    /// <summary>The first due instant strictly after <paramref name="after"/>, and the local date that names its period.</summary>
    public static (DateTimeOffset At, DateOnly LocalDate) NextDue(EmailFrequency frequency, EmailPreferences preferences, TimeZoneInfo zone,
        DateTimeOffset after)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var day = -1; day <= 8; day++)
        {
            var date = today.AddDays(day);
            if (frequency == EmailFrequency.WeeklyDigest && date.DayOfWeek != preferences.WeeklyDay)
            {
                continue;
            }

            var at = Instant(date, preferences.DigestTime, zone);
            if (at > after)
            {
                return (at, date);
            }
        }

        throw new InvalidOperationException("No digest time within eight days: the calendar is broken.");
    }

    /// <summary>The period a due instant belongs to, such as <c>daily/2026-11-24</c> (the member's local date).</summary>
    public static string PeriodKey(EmailFrequency frequency, DateTimeOffset dueAt, TimeZoneInfo zone) =>
        $"{(frequency == EmailFrequency.WeeklyDigest ? "weekly" : "daily")}/{TimeZoneInfo.ConvertTime(dueAt, zone):yyyy-MM-dd}";

    private static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // the hour skipped when clocks go forward: the digest comes an hour later that day
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// After the preferences changed: locks the schedule and, when the due time moved (or the frequency was switched on or
    /// off), takes a new token and schedules the message for it through the caller's outboxed session.
    /// </summary>
    public static async Task<DigestSchedule> RescheduleAsync(IDocumentSession session, IMessageBus bus, EmailPreferences preferences, Recipient? person,
        EmailFrequency frequency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = DigestSchedule.IdFor(preferences.Id, frequency);
        var schedule = await RowLocks.LoadForUpdateAsync<DigestSchedule>(session, id, cancellationToken)
            ?? new DigestSchedule { Id = id, MemberId = preferences.Id, Frequency = frequency };
        if (!preferences.Uses(frequency))
        {
            if (schedule.NextDueAt is not null)
            {
                schedule.NextDueAt = null;
                schedule.Token = Guid.NewGuid(); // the message already scheduled finds itself stale
                session.Store(schedule);
            }

            return schedule;
        }

        var (at, _) = NextDue(frequency, preferences, person?.Zone ?? TimeZoneInfo.Utc, now);
        if (schedule.NextDueAt != at)
        {
            await ScheduleAsync(session, bus, schedule, at, now);
        }

        return schedule;
    }

    /// <summary>
    /// When notifications wait for digests: starts each member's schedule at that frequency if there is none yet (or if
    /// it was lost), with one query for all of them. New schedules are inserted, not stored: of two handlers starting the
    /// same schedule, the loser runs again and finds it.
    /// </summary>
    public static async Task EnsureScheduledAsync(IDocumentSession session, IMessageBus bus,
        IReadOnlyCollection<(EmailPreferences Preferences, Recipient? Recipient, EmailFrequency Frequency)> wanted, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        var ids = wanted.Select(w => DigestSchedule.IdFor(w.Preferences.Id, w.Frequency)).Distinct().ToArray();
        var existing = (await session.LoadManyAsync<DigestSchedule>(cancellationToken, ids)).ToDictionary(s => s.Id);
        foreach (var (preferences, person, frequency) in wanted)
        {
            var id = DigestSchedule.IdFor(preferences.Id, frequency);
            var schedule = existing.GetValueOrDefault(id);
            if (schedule is { NextDueAt: { } due } && due > now - Lost)
            {
                continue;
            }

            // A lost message (overdue by an hour) is replaced by one due now for the same period: late, but not skipped.
            var at = schedule?.NextDueAt ?? NextDue(frequency, preferences, person?.Zone ?? TimeZoneInfo.Utc, now).At;
            var isNew = schedule is null;
            schedule ??= new DigestSchedule { Id = id, MemberId = preferences.Id, Frequency = frequency };
            existing[id] = schedule;
            await ScheduleAsync(session, bus, schedule, at, now, insert: isNew);
        }
    }

    /// <summary>
    /// A durable scheduled message (an envelope in PostgreSQL, written with the caller's transaction): a restart before
    /// it is due does not lose it. The delay is counted from the clock the app runs on; Wolverine fires it by real time.
    /// </summary>
    public static async Task ScheduleAsync(IDocumentSession session, IMessageBus bus, DigestSchedule schedule, DateTimeOffset at, DateTimeOffset now,
        bool insert = false)
    {
        schedule.Token = Guid.NewGuid();
        schedule.NextDueAt = at;
        if (insert)
        {
            session.Insert(schedule);
        }
        else
        {
            session.Store(schedule);
        }

        var delay = at - now;
        await bus.ScheduleAsync(new DigestsHandler.DigestDue(schedule.MemberId, schedule.Frequency == EmailFrequency.WeeklyDigest, schedule.Token, at),
            delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }
}

/// <summary>
/// Sends a member's daily or weekly digest when it falls due, then schedules the next. Composing and recording the e-mail
/// (and scheduling the next digest) is one transaction; sending is a separate message (<see cref="EmailDeliveryHandler"/>),
/// so the record exists before anything is sent. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class DigestsHandler
{
    /// <summary>One member's digest is due. Stale (and dropped) unless <paramref name="Token"/> is the schedule's current one.</summary>
    public sealed record DigestDue(Guid MemberId, bool Weekly, Guid Token, DateTimeOffset DueAt);

    public static async Task<EmailDeliveryHandler.DeliverEmail?> Handle(DigestDue due, IDocumentSession session, IMessageContext bus, TimeProvider clock,
        IDataProtectionProvider protection, IConfiguration configuration, IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        var frequency = due.Weekly ? EmailFrequency.WeeklyDigest : EmailFrequency.DailyDigest;
        var schedule = await RowLocks.LoadForUpdateAsync<DigestSchedule>(session, DigestSchedule.IdFor(due.MemberId, frequency), cancellationToken);
        if (schedule is null || schedule.Token != due.Token)
        {
            return null; // rescheduled since: another message carries the current token
        }

        var now = clock.GetUtcNow();
        var preferences = await EmailPreferences.LoadAsync(session, due.MemberId, cancellationToken);
        var person = await session.LoadAsync<Recipient>(due.MemberId, cancellationToken);
        if (!preferences.Uses(frequency) || person is null || person.Deleted)
        {
            schedule.NextDueAt = null;
            session.Store(schedule);
            return null;
        }

        var zone = person.Zone;
        var since = schedule.LastDigestAt;
        schedule.LastDigestAt = now;
        var (next, _) = DigestPlan.NextDue(frequency, preferences, zone, now > due.DueAt ? now : due.DueAt);
        await DigestPlan.ScheduleAsync(session, bus, schedule, next, now);

        var emailId = OutgoingEmail.DigestId(due.MemberId, DigestPlan.PeriodKey(frequency, due.DueAt, zone));
        if (await session.LoadAsync<OutgoingEmail>(emailId, cancellationToken) is not null)
        {
            return null; // this period's digest is already recorded: never twice
        }

        var kinds = preferences.KindsAt(frequency).ToArray();
        IQueryable<Notification> query = session.Query<Notification>().Where(n => n.MemberId == due.MemberId && n.ReadAt == null && n.Kind.IsOneOf(kinds) && !n.Important && n.UpdatedAt <= now);
        if (since is { } after)
        {
            query = query.Where(n => n.UpdatedAt > after);
        }

        var notifications = await query.OrderBy(n => n.UpdatedAt).Take(500).ToListAsync(cancellationToken);
        var readersGroups = await GroupReaders.GroupsOfAsync(session, due.MemberId, cancellationToken);
        var groupIds = notifications.Where(n => n.GroupId is not null).Select(n => n.GroupId!.Value).Distinct().ToArray();
        var groups = groupIds.Length == 0 ? [] : (await session.LoadManyAsync<GroupFacts>(cancellationToken, groupIds)).ToDictionary(g => g.Id);
        var readable = notifications.Where(n => n.GroupId is not { } g || (groups.TryGetValue(g, out var group) && GroupReaders.CanRead(group, readersGroups)))
            .ToList();

        // The coming week's events of the member's groups. They alone send a digest only when one is new or changed since
        // the last digest: the same list is not mailed every day.
        var (upcoming, eventGroups) = await UpcomingEvents.ForMemberAsync(session, readersGroups, now, cancellationToken);
        var hasNews = readable.Count > 0 || upcoming.Any(e => since is not { } last || e.UpdatedAt > last);

        var email = new OutgoingEmail
        {
            Id = emailId,
            MemberId = due.MemberId,
            Purpose = frequency.ToString(),
            DueAt = due.DueAt,
            CreatedAt = now,
            Items = readable.Sum(n => n.Count) + (hasNews ? upcoming.Count : 0),
        };
        if (!hasNews || person.Email is null)
        {
            email.Status = OutgoingEmailStatus.Skipped; // nothing new (or nowhere to send it): no e-mail, but the period is done
            session.Insert(email);
            return null;
        }

        var composed = DigestComposer.Compose(frequency, readable, groups, site.Value, new UpcomingSection(upcoming, eventGroups, zone));
        var links = new UnsubscribeLinks(protection, clock, site, configuration);
        var name = MemberFacts.NameOf(await session.LoadAsync<MemberFacts>(due.MemberId, cancellationToken));
        EmailComposer.Fill(email, person, name, composed, links.For(due.MemberId, frequency == EmailFrequency.WeeklyDigest ? UnsubscribeScope.Weekly : UnsubscribeScope.Daily),
            site.Value);
        session.Insert(email);
        return new EmailDeliveryHandler.DeliverEmail(email.Id);
    }
}

/// <summary>The digest's "Upcoming events": the events, their groups by id, and the member's zone to show their times in.</summary>
internal sealed record UpcomingSection(IReadOnlyList<UpcomingEvent> Events, IReadOnlyDictionary<Guid, GroupFacts> Groups, TimeZoneInfo Zone);

/// <summary>What a digest says: its notifications grouped by group, then by topic, then the coming week's events; as plain text and HTML.</summary>
internal static class DigestComposer
{
    private static readonly NotificationKind[] PostKinds =
        [NotificationKind.Mentioned, NotificationKind.RepliedTo, NotificationKind.Quoted, NotificationKind.WatchedTopicPost, NotificationKind.AnswerAccepted];

    public static ComposedEmail Compose(EmailFrequency frequency, IReadOnlyList<Notification> notifications, IReadOnlyDictionary<Guid, GroupFacts> groups,
        SiteOptions site, UpcomingSection? upcoming = null)
    {
        var period = frequency == EmailFrequency.WeeklyDigest ? "weekly" : "daily";
        var count = notifications.Sum(n => n.Count);
        var groupCount = notifications.Where(n => n.GroupId is not null).Select(n => n.GroupId).Distinct().Count();
        var what = notifications.All(n => PostKinds.Contains(n.Kind)) ? Plural(count, "new post", "new posts") : Plural(count, "update", "updates");
        var events = upcoming?.Events ?? [];
        var subject = count == 0 && events.Count > 0
            ? $"Your {period} digest: {Plural(events.Count, "upcoming event", "upcoming events")}"
            : groupCount > 0
                ? $"Your {period} digest: {what} in {Plural(groupCount, "group", "groups")}"
                : $"Your {period} digest: {what}";

        var text = new StringBuilder();
        var html = new StringBuilder();
        var encode = HtmlEncoder.Default;
        var intro = count > 0 ? $"Here is what happened since your last {period} digest." : "Here is what is coming up in your groups.";
        text.AppendLine(intro).AppendLine();
        html.Append($"<p>{encode.Encode(intro)}</p>");
        var sections = notifications
            .GroupBy(n => n.GroupId)
            .OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => g.Key is { } id && groups.TryGetValue(id, out var group) ? group.Name : "");
        foreach (var section in sections)
        {
            var heading = section.Key is { } groupId && groups.TryGetValue(groupId, out var group) ? group.Name : "Messages and notices";
            text.AppendLine(heading).AppendLine(new string('=', heading.Length));
            html.Append($"<h2>{encode.Encode(heading)}</h2><ul>");
            foreach (var topic in section.GroupBy(n => n.Title).OrderBy(t => t.Min(n => n.UpdatedAt)))
            {
                var newest = topic.MaxBy(n => n.UpdatedAt)!;
                var items = topic.Sum(n => n.Count);
                var actors = topic.SelectMany(n => n.ActorNames).Distinct().Take(Notification.MaxActorNames).ToList();
                var by = actors.Count > 0 ? $" from {string.Join(", ", actors)}" : "";
                var link = site.Link(newest.Path);
                text.AppendLine($"- {topic.Key}: {Plural(items, "new item", "new items")}{by}").AppendLine($"  {link}");
                html.Append($"<li><a href=\"{encode.Encode(link)}\">{encode.Encode(topic.Key)}</a>: {encode.Encode(Plural(items, "new item", "new items") + by)}");
                if (newest.Excerpt is { Length: > 0 } excerpt)
                {
                    text.AppendLine($"  {excerpt}");
                    html.Append($"<br>{encode.Encode(excerpt)}");
                }

                html.Append("</li>");
            }

            text.AppendLine();
            html.Append("</ul>");
        }

        if (upcoming is not null && events.Count > 0)
        {
            AppendUpcoming(text, html, upcoming, site);
        }

        return new ComposedEmail(subject, text.ToString(), html.ToString());
    }

    /// <summary>"Upcoming events": soonest first, each with its group and its start in the member's zone.</summary>
    private static void AppendUpcoming(StringBuilder text, StringBuilder html, UpcomingSection upcoming, SiteOptions site)
    {
        const string heading = "Upcoming events";
        var encode = HtmlEncoder.Default;
        text.AppendLine(heading).AppendLine(new string('=', heading.Length));
        html.Append($"<h2>{heading}</h2><ul>");
        foreach (var e in upcoming.Events)
        {
            var group = upcoming.Groups.TryGetValue(e.GroupId, out var facts) ? facts.Name : "";
            var when = TimeZoneInfo.ConvertTime(e.StartsAt, upcoming.Zone)
                .ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + $" ({upcoming.Zone.Id})";
            var details = group.Length > 0 ? $"{when}, {group}" : when;
            var link = site.Link(e.Path);
            text.AppendLine($"- {e.Title}: {details}").AppendLine($"  {link}");
            html.Append($"<li><a href=\"{encode.Encode(link)}\">{encode.Encode(e.Title)}</a>: {encode.Encode(details)}</li>");
        }

        text.AppendLine();
        html.Append("</ul>");
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
