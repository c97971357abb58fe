using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OCoP.Modules.Engagement.Email;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// Daily and weekly digests with a controlled clock, read from the real SMTP server: sent at the member's local time by a
/// durable scheduled message, grouped by group and topic, skipped when empty, never twice.
/// </summary>
public sealed class DigestTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    private const string Tokyo = "Asia/Tokyo";

    [Fact]
    public async Task A_daily_digest_is_sent_at_the_chosen_local_time_grouped_by_group_and_topic()
    {
        var sponsor = await app.RegisterConfirmedAsync("Digest Sponsor");
        var member = await app.RegisterConfirmedAsync("Digest Reader");
        var science = await sponsor.CreateForumAsync();
        var maths = await sponsor.CreateForumAsync();
        await member.SetTimeZoneAsync(Tokyo);
        await Eventually.TrueAsync(async () => await GroupKnownAsync(science) && await GroupKnownAsync(maths), "both groups in Engagement");

        // 07:59:50 in Tokyo (UTC+9): the digest is due at 08:00 there, ten seconds from now.
        app.MoveClockToLocal(Tokyo, new TimeOnly(7, 59, 50));
        await app.WriteNotificationsAsync(
            app.Draft(member, NotificationKind.WatchedTopicPost, "Lab safety", science, "Ann", "topic:lab"),
            app.Draft(member, NotificationKind.WatchedTopicPost, "Lab safety", science, "Ben", "topic:lab"),
            app.Draft(member, NotificationKind.WatchedTopicPost, "Field trips", science, "Cy", "topic:trips"),
            app.Draft(member, NotificationKind.WatchedTopicPost, "Fractions", maths, "Di", "topic:fractions"),
            app.Draft(member, NotificationKind.WatchedTopicPost, "Fractions", maths, "Ed", "topic:fractions"));
        var schedule = await app.WaitForScheduleAsync(member.Id, EmailFrequency.DailyDigest);
        TimeZoneInfo.ConvertTime(schedule.NextDueAt!.Value, TimeZoneInfo.FindSystemTimeZoneById(Tokyo)).TimeOfDay.ShouldBe(new TimeSpan(8, 0, 0));
        app.MessagesWith(member, "digest").ShouldBeEmpty(); // not before 08:00

        var mail = await app.Smtp.WaitForMessageAsync(member.Email, "Your daily digest", TimeSpan.FromSeconds(45));
        mail.Subject.ShouldBe("Your daily digest: 5 new posts in 2 groups");
        mail.Headers["List-Unsubscribe"].ShouldStartWith("<http://localhost/api/engagement/unsubscribe?token=");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        var text = mail.TextBody!;
        text.ShouldContain("- Lab safety: 2 new items from Ann, Ben");
        text.ShouldContain("- Field trips: 1 new item from Cy");
        text.ShouldContain("- Fractions: 2 new items from Di, Ed");
        text.IndexOf("Lab safety", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Field trips", StringComparison.Ordinal));
        text.ShouldContain("http://localhost/settings/email");
        mail.HtmlBody!.ShouldContain("<h2>");
        mail.HtmlBody!.ShouldContain("Lab safety</a>");

        var record = await app.WaitForOutgoingAsync(member.Id, e => e.Purpose == nameof(EmailFrequency.DailyDigest) && e.Status == OutgoingEmailStatus.Sent);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Tokyo);
        TimeZoneInfo.ConvertTime(record.DueAt!.Value, zone).TimeOfDay.ShouldBe(new TimeSpan(8, 0, 0));
        TimeZoneInfo.ConvertTime(record.SentAt!.Value, zone).TimeOfDay.ShouldBeGreaterThanOrEqualTo(new TimeSpan(8, 0, 0));
        record.Items.ShouldBe(5);

        // The next one is scheduled for 08:00 tomorrow, Tokyo time; the same period again sends nothing.
        var next = (await app.ScheduleAsync(member.Id, EmailFrequency.DailyDigest))!;
        (next.NextDueAt!.Value - record.DueAt!.Value).ShouldBe(TimeSpan.FromDays(1));
        await app.WorkDoneAsync(() => InvokeAsync(new DigestsHandler.DigestDue(member.Id, false, next.Token, record.DueAt!.Value)));
        app.MessagesWith(member, "Your daily digest").Count.ShouldBe(1);

        // Its one-click unsubscribe stops the daily digest (every kind it carried) and its schedule.
        (await app.CreateClient().OneClickAsync(mail.UnsubscribeLink())).EnsureSuccessStatusCode();
        var preferences = await member.PreferencesAsync();
        preferences.GetProperty("kinds").GetProperty("WatchedTopicPost").GetString().ShouldBe("Never");
        preferences.GetProperty("kinds").GetProperty("Mentioned").GetString().ShouldBe("Immediately");
        (await app.ScheduleAsync(member.Id, EmailFrequency.DailyDigest))!.NextDueAt.ShouldBeNull();
    }

    [Fact]
    public async Task An_empty_digest_is_not_sent_and_what_was_read_in_app_is_left_out()
    {
        var member = await app.RegisterConfirmedAsync("Quiet Reader");
        await member.SetTimeZoneAsync(Tokyo);
        app.MoveClockToLocal(Tokyo, new TimeOnly(8, 59, 50));
        (await member.SetPreferencesAsync(new { digestTime = "09:00" })).EnsureSuccessStatusCode();
        // One notification for the digest, read in the app before 09:00: nothing new is left to e-mail.
        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.WatchedTopicPost, "Already seen", key: "topic:seen"));
        await MarkAllReadAsync(member.Id);

        var skipped = await app.WaitForOutgoingAsync(member.Id, e => e.Purpose == nameof(EmailFrequency.DailyDigest), TimeSpan.FromSeconds(45));
        skipped.Status.ShouldBe(OutgoingEmailStatus.Skipped);
        skipped.Items.ShouldBe(0);
        TimeZoneInfo.ConvertTime(skipped.DueAt!.Value, TimeZoneInfo.FindSystemTimeZoneById(Tokyo)).TimeOfDay.ShouldBe(new TimeSpan(9, 0, 0));
        app.MessagesWith(member, "digest").ShouldBeEmpty();
        // Still scheduled for tomorrow: the member keeps the daily digest.
        (await app.ScheduleAsync(member.Id, EmailFrequency.DailyDigest))!.NextDueAt.ShouldBe(skipped.DueAt!.Value.AddDays(1));
    }

    [Fact]
    public async Task A_weekly_digest_waits_for_the_chosen_weekday_and_changing_the_time_reschedules_it()
    {
        var member = await app.RegisterConfirmedAsync("Weekly Reader");
        await member.SetTimeZoneAsync("America/New_York");
        (await member.SetPreferencesAsync(new { kinds = new Dictionary<string, string> { ["WatchedTopicPost"] = "WeeklyDigest", ["WatchedKnowledge"] = "WeeklyDigest", ["BadgeEarned"] = "WeeklyDigest" },
            weeklyDay = "Wednesday", digestTime = "07:15" }))
            .EnsureSuccessStatusCode();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var first = (await app.ScheduleAsync(member.Id, EmailFrequency.WeeklyDigest))!;
        var local = TimeZoneInfo.ConvertTime(first.NextDueAt!.Value, zone);
        local.DayOfWeek.ShouldBe(DayOfWeek.Wednesday);
        local.TimeOfDay.ShouldBe(new TimeSpan(7, 15, 0));
        (await app.ScheduleAsync(member.Id, EmailFrequency.DailyDigest))?.NextDueAt.ShouldBeNull(); // nothing is daily any more

        (await member.SetPreferencesAsync(new { digestTime = "19:45" })).EnsureSuccessStatusCode();
        var second = (await app.ScheduleAsync(member.Id, EmailFrequency.WeeklyDigest))!;
        second.Token.ShouldNotBe(first.Token);
        TimeZoneInfo.ConvertTime(second.NextDueAt!.Value, zone).TimeOfDay.ShouldBe(new TimeSpan(19, 45, 0));

        // The message scheduled for the old time is stale: it sends nothing and leaves the schedule alone.
        await InvokeAsync(new DigestsHandler.DigestDue(member.Id, true, first.Token, first.NextDueAt!.Value));
        (await app.ScheduleAsync(member.Id, EmailFrequency.WeeklyDigest))!.Token.ShouldBe(second.Token);
        (await app.OutgoingEmailsAsync(member.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_digest_lists_the_coming_week_s_events_of_the_member_s_groups_but_not_other_groups_or_cancelled_ones()
    {
        var sponsor = await app.RegisterConfirmedAsync("Upcoming Sponsor");
        var mine = await sponsor.CreateGroupAsync("Upcoming circle");
        var other = await sponsor.CreateGroupAsync("Someone else's circle");
        var member = (await app.MembersOfAsync(mine, 1, "Upcoming Reader"))[0];
        await member.SetTimeZoneAsync(Tokyo);

        // Three days from now in the member's group; the same week in a group they are not in; one cancelled; one in ten days.
        var soon = app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(3).AddHours(10);
        var ours = await sponsor.ScheduleEventAsync(mine, EventsApi.Input("Our case clinic", soon, timeZone: "UTC"));
        var theirs = await sponsor.ScheduleEventAsync(other, EventsApi.Input("Their case clinic", soon, timeZone: "UTC"));
        var called = await sponsor.ScheduleEventAsync(mine, EventsApi.Input("Called-off clinic", soon.AddDays(1), timeZone: "UTC"));
        var later = await sponsor.ScheduleEventAsync(mine, EventsApi.Input("Clinic in ten days", soon.AddDays(7), timeZone: "UTC"));
        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{called}/cancel", new { })).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () =>
        {
            await using var session = app.Services.GetRequiredService<OCoP.Modules.Engagement.IEngagementStore>().QuerySession();
            var known = (await session.LoadManyAsync<UpcomingEvent>(TestContext.Current.CancellationToken, ours, theirs, called, later)).ToList();
            var joined = await OCoP.Modules.Membership.Access.GroupReaders.GroupsOfAsync(session, member.Id, TestContext.Current.CancellationToken);
            return known.Count == 4 && known.Single(e => e.Id == called).Cancelled && joined.Contains(mine);
        }, "Engagement knowing the four events, the cancellation and the membership");

        // The daily digest at 09:00 in Tokyo, ten seconds from now, has only the events to tell.
        app.MoveClockToLocal(Tokyo, new TimeOnly(8, 59, 50));
        (await member.SetPreferencesAsync(new { digestTime = "09:00" })).EnsureSuccessStatusCode();
        var mail = await app.Smtp.WaitForMessageAsync(member.Email, "Your daily digest", TimeSpan.FromSeconds(45));
        var text = mail.TextBody!;
        text.ShouldContain("Upcoming events");
        text.ShouldContain("- Our case clinic: ");
        text.ShouldContain("(Asia/Tokyo), Upcoming circle");
        text.ShouldContain($"/events/{ours}");
        text.ShouldNotContain("Their case clinic");
        text.ShouldNotContain("Called-off clinic");
        text.ShouldNotContain("Clinic in ten days");
        mail.HtmlBody!.ShouldContain("<h2>Upcoming events</h2>");
        mail.HtmlBody!.ShouldContain("Our case clinic</a>");
    }

    private async Task MarkAllReadAsync(Guid memberId)
    {
        await using var session = app.Services.GetRequiredService<OCoP.Modules.Engagement.IEngagementStore>().LightweightSession();
        var notifications = await Marten.QueryableExtensions.ToListAsync(session.Query<Notification>().Where(n => n.MemberId == memberId),
            TestContext.Current.CancellationToken);
        notifications.ShouldNotBeEmpty();
        foreach (var notification in notifications)
        {
            notification.ReadAt = app.Clock.GetUtcNow();
        }

        session.Store(notifications.ToArray());
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private async Task<bool> GroupKnownAsync(Guid group)
    {
        await using var session = app.Services.GetRequiredService<OCoP.Modules.Engagement.IEngagementStore>().QuerySession();
        return await session.LoadAsync<OCoP.Modules.Membership.Access.GroupFacts>(group) is { Name.Length: > 0 };
    }

    private async Task InvokeAsync(object message)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, TestContext.Current.CancellationToken);
    }
}

/// <summary>
/// A restart between scheduling and sending: the digest's message waits in PostgreSQL while no host runs, and the next
/// host on the same database sends it, once.
/// </summary>
public sealed class DigestRestartTests
{
    private sealed class HostOn(string database) : OCoPApp
    {
        protected override string? SharedDatabase => database;
    }

    [Fact]
    public async Task A_digest_scheduled_before_a_restart_is_sent_once_by_the_next_host()
    {
        var database = await TestServers.CreateDatabaseAsync();
        try
        {
            TestMember member;
            TimeSpan offset;
            await using (var first = new HostOn(database))
            {
                await first.InitializeAsync();
                member = await first.RegisterConfirmedAsync("Restart Reader");
                await member.SetTimeZoneAsync("Asia/Tokyo");
                first.MoveClockToLocal("Asia/Tokyo", new TimeOnly(7, 59, 35));
                offset = first.Clock.Offset;
                await first.WriteNotificationsAsync(first.Draft(member, NotificationKind.WatchedTopicPost, "Restarted topic", null, "Ann", "topic:restart"));
                await first.WaitForScheduleAsync(member.Id, EmailFrequency.DailyDigest);
            }

            // No host runs now; the digest's message waits in the envelope table.
            (await ScheduledDigestsAsync(database)).ShouldBe(1);
            (await TestServers.SmtpAsync()).Messages(member.Email).ShouldNotContain(m => (m.Subject ?? "").Contains("digest"));

            await using var second = new HostOn(database);
            second.Clock.Advance(offset);
            await second.InitializeAsync();
            var mail = await second.Smtp.WaitForMessageAsync(member.Email, "Your daily digest", TimeSpan.FromSeconds(60));
            mail.Subject.ShouldBe("Your daily digest: 1 new post");
            mail.TextBody!.ShouldContain("Restarted topic");
            var record = await second.WaitForOutgoingAsync(member.Id, e => e.Status == OutgoingEmailStatus.Sent);
            // Nothing left to run twice: no received message waits to be handled, and the only digest message still
            // scheduled is tomorrow's.
            await Eventually.TrueAsync(async () => await IncomingEnvelopesAsync(database) == 0 && await ScheduledDigestsAsync(database) == 1,
                "the second host to have handled every message it received");
            second.MessagesWith(member, "Your daily digest").Count.ShouldBe(1);
            (await second.OutgoingEmailsAsync(member.Id)).Count(e => e.Purpose == nameof(EmailFrequency.DailyDigest)).ShouldBe(1);
            record.SentAt.ShouldNotBeNull();
        }
        finally
        {
            await TestServers.DropDatabaseAsync(database);
        }
    }

    private static Task<long> ScheduledDigestsAsync(string database) =>
        CountEnvelopesAsync(database, "status = 'Scheduled' and message_type like '%DigestDue%'");

    private static Task<long> IncomingEnvelopesAsync(string database) => CountEnvelopesAsync(database, "status = 'Incoming'");

    private static async Task<long> CountEnvelopesAsync(string database, string where)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"select count(*) from wolverine.wolverine_incoming_envelopes where {where}", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
