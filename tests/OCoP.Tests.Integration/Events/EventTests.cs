using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>Group events through the HTTP API: scheduling, time zones, visibility, calendars, RSVP and the waiting list.</summary>
public sealed class EventTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task An_event_keeps_the_organisers_wall_clock_and_shows_each_viewer_their_own_zone()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Zones");
        var group = await sponsor.CreateGroupAsync("Zones");
        var start = new DateTime(DateTime.UtcNow.Year + 1, 1, 14, 18, 0, 0);
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Winter clinic", start));

        var seen = await sponsor.Session.EventAsync(eventId, "America/New_York");
        seen.GetProperty("timeZone").GetString().ShouldBe("Europe/Berlin");
        seen.GetProperty("start").GetDateTime().ShouldBe(start);
        seen.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(start, TimeSpan.FromHours(1)));
        seen.GetProperty("viewerTimeZone").GetString().ShouldBe("America/New_York");
        var inNewYork = seen.GetProperty("viewerStart").GetDateTimeOffset();
        inNewYork.Offset.ShouldBe(TimeSpan.FromHours(-5));
        inNewYork.Hour.ShouldBe(12);
        seen.GetProperty("descriptionHtml").GetString()!.ShouldContain("<strong>one</strong>");
    }

    [Fact]
    public async Task The_meeting_link_is_shown_only_to_those_going()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Link");
        var group = await sponsor.CreateGroupAsync("Links");
        var member = (await app.MembersOfAsync(group, 1, "Linker"))[0];
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Linked"));

        (await member.Session.EventAsync(eventId)).GetProperty("meetingLink").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await sponsor.Session.EventAsync(eventId)).GetProperty("meetingLink").GetString().ShouldBe("https://meet.example.org/clinic");
        (await member.RsvpAsync(eventId, "Maybe")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.Session.EventAsync(eventId)).GetProperty("meetingLink").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.Session.EventAsync(eventId)).GetProperty("meetingLink").GetString().ShouldBe("https://meet.example.org/clinic");
    }

    [Fact]
    public async Task An_end_before_the_start_or_an_unknown_zone_is_a_400_with_field_errors_and_schedules_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Bad");
        var group = await sponsor.CreateGroupAsync("Bad input");
        var start = DateTime.UtcNow.Date.AddDays(5).AddHours(18);

        var backwards = await (await sponsor.ScheduleAsync(group, EventsApi.Input(start: start, length: TimeSpan.FromHours(-1)))).ProblemAsync(400);
        backwards.ErrorFields().ShouldContain(f => f.EndsWith("end", StringComparison.OrdinalIgnoreCase));
        var unknownZone = await (await sponsor.ScheduleAsync(group, EventsApi.Input(timeZone: "Mars/Olympus_Mons"))).ProblemAsync(400);
        unknownZone.ErrorFields().ShouldContain(f => f.EndsWith("timeZone", StringComparison.OrdinalIgnoreCase));
        var tooMany = await (await sponsor.ScheduleAsync(group, EventsApi.Input(), new { frequency = "Weekly", interval = 1, count = 501 })).ProblemAsync(400);
        tooMany.ErrorFields().ShouldNotBeEmpty();
        var endless = await (await sponsor.ScheduleAsync(group, EventsApi.Input(), new { frequency = "Weekly", interval = 1, until = "2040-01-01" })).ProblemAsync(400);
        endless.ErrorFields().ShouldContain("recurrence");

        (await sponsor.Session.PageAsync($"/api/events/groups/{group}/events")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_secret_groups_events_do_not_exist_for_outsiders_and_a_members_only_groups_are_not_readable()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Secret");
        var outsider = await app.RegisterConfirmedAsync("Outsider");
        var secret = await sponsor.CreateGroupAsync("Secret circle", visibility: "Secret");
        var membersOnly = await sponsor.CreateGroupAsync("Members circle", visibility: "MembersOnly");
        var hidden = await sponsor.ScheduleEventAsync(secret, EventsApi.Input("Hidden meeting"));
        var closed = await sponsor.ScheduleEventAsync(membersOnly, EventsApi.Input("Members meeting"));

        await (await outsider.Session.GetAsync($"/api/events/events/{hidden}")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"/api/events/events/{Guid.NewGuid()}")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"/api/events/groups/{secret}/events")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"/api/events/events/{closed}")).ProblemAsync(403);
        await (await outsider.RsvpAsync(hidden, "Going")).ProblemAsync(404);

        await Eventually.TrueAsync(async () => (await sponsor.Session.PageAsync("/api/events/calendar?limit=100"))
            .Select(e => e.GetProperty("id").GetGuid()).ToHashSet().IsSupersetOf([hidden, closed]), "the sponsor's site-wide calendar");
        var outsidersCalendar = (await outsider.Session.PageAsync("/api/events/calendar?limit=100")).Select(e => e.GetProperty("id").GetGuid()).ToList();
        outsidersCalendar.ShouldNotContain(hidden);
        outsidersCalendar.ShouldNotContain(closed);
    }

    [Fact]
    public async Task Calendars_page_by_start_in_agenda_and_month_views()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Calendar");
        var group = await sponsor.CreateGroupAsync("Calendar");
        var year = DateTime.UtcNow.Year + 1;
        var first = await sponsor.ScheduleEventAsync(group, EventsApi.Input("March one", new DateTime(year, 3, 3, 18, 0, 0)));
        var second = await sponsor.ScheduleEventAsync(group, EventsApi.Input("March two", new DateTime(year, 3, 10, 18, 0, 0)));
        var april = await sponsor.ScheduleEventAsync(group, EventsApi.Input("April", new DateTime(year, 4, 7, 18, 0, 0)));

        var page = await (await sponsor.Session.GetAsync($"/api/events/groups/{group}/events?limit=2")).JsonAsync();
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ShouldBe([first, second]);
        var cursor = page.GetProperty("nextCursor").GetString();
        (await sponsor.Session.PageAsync($"/api/events/groups/{group}/events?limit=2&cursor={cursor}")).Select(e => e.GetProperty("id").GetGuid())
            .ShouldBe([april]);

        (await sponsor.Session.PageAsync($"/api/events/groups/{group}/events?view=month&month={year}-03&timeZone=Europe/Berlin"))
            .Select(e => e.GetProperty("id").GetGuid()).ShouldBe([first, second]);
        (await (await sponsor.Session.GetAsync($"/api/events/groups/{group}/events?view=month&month=March")).ProblemAsync(400)).ErrorFields().ShouldBe(["month"]);
        (await (await sponsor.Session.GetAsync($"/api/events/groups/{group}/events?cursor=nonsense")).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task When_a_seat_frees_the_first_waiting_member_is_promoted_at_once_and_notified()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Seats");
        var group = await sponsor.CreateGroupAsync("Seats");
        var members = await app.MembersOfAsync(group, 4, "Seated");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Small room", capacity: 2));

        (await (await members[0].RsvpAsync(eventId, "Going")).JsonAsync()).GetProperty("waiting").GetBoolean().ShouldBeFalse();
        (await (await members[1].RsvpAsync(eventId, "Going")).JsonAsync()).GetProperty("waiting").GetBoolean().ShouldBeFalse();
        var third = await (await members[2].RsvpAsync(eventId, "Going")).JsonAsync();
        third.GetProperty("waiting").GetBoolean().ShouldBeTrue();
        third.GetProperty("waitingPlace").GetInt32().ShouldBe(1);
        (await (await members[3].RsvpAsync(eventId, "Going")).JsonAsync()).GetProperty("waitingPlace").GetInt32().ShouldBe(2);

        // Capacity below those going is refused and changes nothing.
        var lower = EventsApi.Input("Small room", capacity: 1);
        (await (await sponsor.Session.PutAsJsonAsync($"/api/events/events/{eventId}", new { @event = lower })).ProblemAsync(400)).ErrorFields()
            .ShouldContain(f => f.EndsWith("capacity", StringComparison.OrdinalIgnoreCase));

        (await members[0].RsvpAsync(eventId, "NotGoing")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var promoted = await members[2].Session.EventAsync(eventId);
        promoted.GetProperty("myRsvp").GetProperty("waiting").GetBoolean().ShouldBeFalse();
        promoted.GetProperty("going").GetInt32().ShouldBe(2);
        promoted.GetProperty("waiting").GetInt32().ShouldBe(1);
        (await members[3].Session.EventAsync(eventId)).GetProperty("myRsvp").GetProperty("waitingPlace").GetInt32().ShouldBe(1);

        await members[2].WaitForNotificationAsync("eventSeatOffered", "Small room");
        var mail = await app.Smtp.WaitForMessageAsync(members[2].Email, "Small room");
        mail.TextBody!.ShouldContain("/events/");

        var attendees = await sponsor.Session.PageAsync($"/api/events/events/{eventId}/attendees");
        attendees.Select(a => a.GetProperty("memberId").GetGuid()).ShouldBe([members[1].Id, members[2].Id, members[3].Id, members[0].Id]);
    }

    [Fact]
    public async Task Answers_to_a_cancelled_or_started_event_are_refused()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Refuse");
        var group = await sponsor.CreateGroupAsync("Refusals");
        var member = (await app.MembersOfAsync(group, 1, "Refused"))[0];
        var soon = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Soon", DateTime.UtcNow.AddMinutes(30), timeZone: "UTC"));
        var cancelled = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Called off"));
        (await member.RsvpAsync(cancelled, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{cancelled}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await member.RsvpAsync(cancelled, "Maybe")).ProblemAsync(409);
        (await member.Session.EventAsync(cancelled)).GetProperty("cancelled").GetBoolean().ShouldBeTrue();
        await member.WaitForNotificationAsync("eventCancelled", "Called off");

        app.Clock.Advance(TimeSpan.FromHours(1));
        try
        {
            await (await member.RsvpAsync(soon, "Going")).ProblemAsync(409);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromHours(-1));
        }
    }
}
