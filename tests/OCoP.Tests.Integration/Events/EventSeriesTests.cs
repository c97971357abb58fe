using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>Recurring series and reminders: local times across daylight saving, changes to following occurrences, stale reminders.</summary>
public sealed class EventSeriesTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_weekly_1800_session_stays_at_1800_local_time_across_a_daylight_saving_change()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Series");
        var group = await sponsor.CreateGroupAsync("Weekly");
        var year = DateTime.UtcNow.Year + 1;
        // Europe/Berlin moves its clocks forward on the last Sunday of March: the occurrences straddle it.
        var lastSunday = new DateTime(year, 3, 31);
        while (lastSunday.DayOfWeek != DayOfWeek.Sunday)
        {
            lastSunday = lastSunday.AddDays(-1);
        }

        var start = lastSunday.AddDays(-10).AddHours(18);
        var scheduled = await (await sponsor.ScheduleAsync(group, EventsApi.Input("Weekly session", start), new { frequency = "Weekly", interval = 1, count = 4 }))
            .JsonAsync();
        var ids = scheduled.GetProperty("occurrenceIds").EnumerateArray().Select(e => e.GetGuid()).ToList();
        ids.Count.ShouldBe(4);

        var occurrences = new List<System.Text.Json.JsonElement>();
        foreach (var id in ids)
        {
            occurrences.Add(await sponsor.Session.EventAsync(id, "Europe/Berlin"));
        }

        occurrences.ShouldAllBe(o => o.GetProperty("viewerStart").GetDateTimeOffset().Hour == 18);
        occurrences[0].GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.Hour.ShouldBe(17);
        occurrences[3].GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.Hour.ShouldBe(16);
        occurrences.Select(o => o.GetProperty("start").GetDateTime()).ShouldBe(Enumerable.Range(0, 4).Select(w => start.AddDays(7 * w)));

        // Answers are per occurrence; cancelling the third and following leaves the first two.
        var member = (await app.MembersOfAsync(group, 1, "Regular"))[0];
        (await member.RsvpAsync(ids[0], "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.Session.EventAsync(ids[1])).GetProperty("myRsvp").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{ids[2]}/cancel", new { scope = "ThisAndFollowing" })).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        var cancelled = new List<bool>();
        foreach (var id in ids)
        {
            cancelled.Add((await sponsor.Session.EventAsync(id)).GetProperty("cancelled").GetBoolean());
        }

        cancelled.ShouldBe([false, false, true, true]);

        // Moving the second and following by an hour moves only those not cancelled, each on its own date.
        var moved = EventsApi.Input("Weekly session", start.AddDays(7).AddHours(1));
        (await sponsor.Session.PutAsJsonAsync($"/api/events/events/{ids[1]}", new { @event = moved, scope = "ThisAndFollowing" })).StatusCode
            .ShouldBe(HttpStatusCode.OK);
        (await sponsor.Session.EventAsync(ids[0])).GetProperty("start").GetDateTime().ShouldBe(start);
        (await sponsor.Session.EventAsync(ids[1])).GetProperty("start").GetDateTime().ShouldBe(start.AddDays(7).AddHours(1));
        (await sponsor.Session.EventAsync(ids[2])).GetProperty("start").GetDateTime().ShouldBe(start.AddDays(14));
    }

    [Fact]
    public async Task A_reminder_follows_a_reschedule_and_the_stale_one_does_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Remind");
        var group = await sponsor.CreateGroupAsync("Reminders");
        var member = (await app.MembersOfAsync(group, 1, "Reminded"))[0];
        // The one-hour reminder of an event starting in an hour and a few seconds is due in a few seconds.
        var start = DateTime.UtcNow.AddHours(1).AddSeconds(6);
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Soon session", start, timeZone: "UTC"));
        (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var moved = start.AddSeconds(14);
        (await sponsor.Session.PutAsJsonAsync($"/api/events/events/{eventId}", new { @event = EventsApi.Input("Soon session", moved, timeZone: "UTC") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var reminder = await member.WaitForNotificationAsync("eventReminder", "Soon session");
        reminder.GetProperty("excerpt").GetString()!.ShouldContain(moved.ToString("yyyy-MM-dd HH:mm:ss"));
        // The stale reminder was due first; only the one for the new time reached the member.
        (await member.KindsAboutAsync("Soon session")).Count(k => k == "eventReminder").ShouldBe(1);
        await app.Smtp.WaitForMessageAsync(member.Email, "Reminder: Soon session");
    }
}
