using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>Per-member reminder preferences: a member who turned the hour-before reminder off does not get it; others do.</summary>
public sealed class ReminderPreferenceTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_member_who_turned_a_reminder_off_is_left_out_and_an_unoffered_lead_is_refused()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Reminders");
        var group = await sponsor.CreateGroupAsync("Reminder circle");
        var members = await app.MembersOfAsync(group, 2, "Reminded");
        var (wants, declines) = (members[0], members[1]);

        var defaults = await (await declines.Session.GetAsync("/api/events/me/reminders")).JsonAsync();
        defaults.GetProperty("offeredMinutes").EnumerateArray().Select(m => m.GetInt32()).ShouldBe([1440, 60]);
        defaults.GetProperty("wantedMinutes").EnumerateArray().Select(m => m.GetInt32()).ShouldBe([1440, 60]);
        var refused = await (await declines.Session.PutAsJsonAsync("/api/events/me/reminders", new { wantedMinutes = new[] { 1440, 30 } })).ProblemAsync(400);
        refused.ErrorFields().ShouldContain("wantedMinutes[1]");
        var chosen = await (await declines.Session.PutAsJsonAsync("/api/events/me/reminders", new { wantedMinutes = new[] { 1440 } })).JsonAsync();
        chosen.GetProperty("wantedMinutes").EnumerateArray().Select(m => m.GetInt32()).ShouldBe([1440]);

        // The hour-before reminder of an event starting in an hour and a few seconds is due a few seconds from now.
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Reminded clinic", DateTime.UtcNow.AddMinutes(60).AddSeconds(15), timeZone: "UTC"));
        (await wants.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await declines.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await wants.NotificationsAsync()).Any(n => n.GetProperty("kind").GetString() == "eventReminder"),
            "the hour-before reminder for the member who wants it", TimeSpan.FromMinutes(2));
        // One reminder message names everyone it reminds: once the first member has it, the other's absence is final.
        (await declines.NotificationsAsync()).ShouldNotContain(n => n.GetProperty("kind").GetString() == "eventReminder");
    }
}
