using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>Attendance, apart from RSVP: self check-in with the code in the window, the organisers' sheet, CSV, no-shows.</summary>
public sealed class AttendanceTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_member_checks_in_with_the_code_during_the_window_and_a_wrong_code_or_a_closed_window_changes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Check-in");
        var group = await sponsor.CreateGroupAsync("Check-in circle");
        var member = (await app.MembersOfAsync(group, 1, "Checker"))[0];
        var outsider = await app.RegisterConfirmedAsync("Check-in outsider");
        var soon = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Starting soon", start: DateTime.UtcNow.AddMinutes(10), timeZone: "UTC"));
        var later = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Next week", timeZone: "UTC"));
        (await member.RsvpAsync(soon, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var code = (await sponsor.Session.EventAsync(soon)).GetProperty("checkInCode").GetString()!;
        code.Length.ShouldBe(6);
        var seen = await member.Session.EventAsync(soon);
        seen.GetProperty("checkInCode").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        seen.GetProperty("checkInOpen").GetBoolean().ShouldBeTrue();

        var wrong = await (await CheckInAsync(member, soon, code == "AAAAAA" ? "BBBBBB" : "AAAAAA")).ProblemAsync(400);
        wrong.ErrorFields().ShouldContain("code");
        (await member.Session.EventAsync(soon)).GetProperty("attended").GetBoolean().ShouldBeFalse();
        await (await CheckInAsync(outsider, soon, code)).ProblemAsync(403);
        var laterCode = (await sponsor.Session.EventAsync(later)).GetProperty("checkInCode").GetString()!;
        await (await CheckInAsync(member, later, laterCode)).ProblemAsync(409);
        await (await CheckInAsync(member, Guid.NewGuid(), code)).ProblemAsync(404);

        var first = await (await CheckInAsync(member, soon, code.ToLowerInvariant())).JsonAsync();
        first.GetProperty("selfCheckIn").GetBoolean().ShouldBeTrue();
        var again = await (await CheckInAsync(member, soon, code)).JsonAsync();
        again.GetProperty("checkedInAt").GetDateTimeOffset().ShouldBe(first.GetProperty("checkedInAt").GetDateTimeOffset());
        (await member.Session.EventAsync(soon)).GetProperty("attended").GetBoolean().ShouldBeTrue();
        var sheet = await (await sponsor.Session.GetAsync($"/api/events/events/{soon}/attendance")).JsonAsync();
        sheet.GetProperty("present").GetInt32().ShouldBe(1);
        (await (await sponsor.Session.GetAsync($"/api/events/events/{later}/attendance")).JsonAsync()).GetProperty("present").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Organisers_check_members_in_in_bulk_export_the_sheet_and_count_those_who_answered_going_and_did_not_come()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Sheet");
        var group = await sponsor.CreateGroupAsync("Sheet circle");
        var members = await app.MembersOfAsync(group, 4, "Sheet member");
        var outsider = await app.RegisterConfirmedAsync("Sheet outsider");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Clinic with a sheet", start: DateTime.UtcNow.AddMinutes(5), timeZone: "UTC"));
        foreach (var member in members.Take(3))
        {
            (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Who may not: a member who is not an organiser, and ids of people who are neither members nor answered.
        await (await RecordAsync(members[3], eventId, [members[0].Id])).ProblemAsync(403);
        await (await members[3].Session.GetAsync($"/api/events/events/{eventId}/attendance")).ProblemAsync(403);
        await (await members[3].Session.GetAsync($"/api/events/events/{eventId}/attendance.csv")).ProblemAsync(403);
        var stranger = await (await RecordAsync(sponsor, eventId, [members[0].Id, outsider.Id])).ProblemAsync(400);
        stranger.ErrorFields().ShouldContain("memberIds[1]");
        await (await RecordAsync(sponsor, eventId, [])).ProblemAsync(400);
        (await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/attendance")).JsonAsync()).GetProperty("present").GetInt32().ShouldBe(0);

        // Two of the three going, and one who did not answer, were there; a slip is corrected by checking out.
        var recorded = await (await RecordAsync(sponsor, eventId, [members[0].Id, members[1].Id, members[3].Id, members[2].Id])).JsonAsync();
        recorded.GetProperty("present").GetInt32().ShouldBe(4);
        (await (await RecordAsync(sponsor, eventId, [members[2].Id], present: false)).JsonAsync()).GetProperty("present").GetInt32().ShouldBe(3);

        var sheet = await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/attendance")).JsonAsync();
        sheet.GetProperty("going").GetInt32().ShouldBe(3);
        sheet.GetProperty("rsvpdButAbsent").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null); // not over yet
        var csv = await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/attendance.csv")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("name,rsvp,waiting,present,checked_in_at,checked_in_by");
        lines.Length.ShouldBe(5);
        lines.ShouldContain(l => l.StartsWith("Sheet member 3,Going,no,no,", StringComparison.Ordinal));
        lines.Count(l => l.EndsWith(",organiser", StringComparison.Ordinal)).ShouldBe(3);

        app.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var after = await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/attendance")).JsonAsync();
            after.GetProperty("ended").GetBoolean().ShouldBeTrue();
            after.GetProperty("rsvpdButAbsent").GetInt32().ShouldBe(1);

            var perMember = await (await sponsor.Session.GetAsync($"/api/events/groups/{group}/attendance")).JsonAsync();
            perMember.GetProperty("pastEvents").GetInt32().ShouldBe(1);
            var byName = perMember.GetProperty("items").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
            byName["Sheet member 1"].GetProperty("attended").GetInt32().ShouldBe(1);
            byName["Sheet member 3"].GetProperty("attended").GetInt32().ShouldBe(0);
            byName["Sheet member 3"].GetProperty("rsvpdButAbsent").GetInt32().ShouldBe(1);
            var own = await (await members[2].Session.GetAsync($"/api/events/groups/{group}/attendance?memberId={members[2].Id}")).JsonAsync();
            own.GetProperty("items").EnumerateArray().Single().GetProperty("rsvpdButAbsent").GetInt32().ShouldBe(1);
            await (await members[2].Session.GetAsync($"/api/events/groups/{group}/attendance")).ProblemAsync(403);
            await (await CheckInAsync(members[2], eventId, after.GetProperty("checkInCode").GetString()!)).ProblemAsync(409);

            // The group's health dashboard counts it: of the three going, two came (the one checked out is not counted,
            // nor the one who came without answering).
            await Eventually.TrueAsync(async () =>
            {
                var health = await (await sponsor.Session.GetAsync($"/api/engagement/groups/{group}/health")).JsonAsync();
                return health.GetProperty("eventsHeld").GetInt32() == 1 && health.GetProperty("eventSeatsTaken").GetInt32() == 3 &&
                       health.GetProperty("eventAttendeesWhoAnsweredGoing").GetInt32() == 2 &&
                       health.GetProperty("eventAttendanceRate").GetDouble() == 0.667;
            }, "the health dashboard to show the event's attendance rate");
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromHours(-2));
        }
    }

    private static Task<HttpResponseMessage> CheckInAsync(TestMember member, Guid eventId, string code) =>
        member.Session.PostAsJsonAsync($"/api/events/events/{eventId}/check-in", new { code });

    private static Task<HttpResponseMessage> RecordAsync(TestMember organiser, Guid eventId, Guid[] memberIds, bool present = true) =>
        organiser.Session.PutAsJsonAsync($"/api/events/events/{eventId}/attendance", new { memberIds, present });
}
