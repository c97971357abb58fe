using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

public sealed class DemoEventsTests(DemoEventsTests.App app) : IClassFixture<DemoEventsTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
    }

    [Fact]
    public async Task The_demo_group_has_a_monthly_case_clinic_whose_next_occurrence_is_full_a_past_clinic_with_attendance_breakouts_and_feedback_and_two_proposals()
    {
        var anonymous = app.CreateClient();
        var group = (await (await anonymous.GetAsync("/api/membership/groups/by-slug/career-guidance-practitioners")).JsonAsync()).GetProperty("id").GetGuid();
        var upcoming = await Eventually.FoundAsync(async () =>
        {
            var response = await anonymous.GetAsync($"/api/events/groups/{group}/events?limit=10");
            var items = response.IsSuccessStatusCode ? (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList() : [];
            return items.Count >= 6 ? items : null;
        }, "the demo events to be seeded");

        upcoming.Count.ShouldBe(6);
        upcoming.ShouldAllBe(e => e.GetProperty("title").GetString() == "Monthly case clinic" && e.GetProperty("seriesId").ValueKind != System.Text.Json.JsonValueKind.Null);
        upcoming[0].GetProperty("going").GetInt32().ShouldBe(2);
        upcoming[0].GetProperty("capacity").GetInt32().ShouldBe(2);
        upcoming[0].GetProperty("waiting").GetInt32().ShouldBe(1);

        var month = DateTime.UtcNow.AddDays(-21).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var past = (await anonymous.PageAsync($"/api/events/groups/{group}/events?view=month&month={month}&timeZone=Europe/Berlin"))
            .Single(e => e.GetProperty("title").GetString() == "Case clinic: clients changing sector");
        past.GetProperty("going").GetInt32().ShouldBe(3);

        // Attendance (two of three came) is for the organisers: the demo's sponsor signs in with the demo password.
        var amara = app.CreateSession();
        (await amara.PostAsJsonAsync("/api/membership/account/sign-in", new { email = "amara@demo.ocop.localhost", password = "demo pass phrase" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        var sheet = await (await amara.GetAsync($"/api/events/events/{past.GetProperty("id").GetGuid()}/attendance")).JsonAsync();
        sheet.GetProperty("present").GetInt32().ShouldBe(2);
        sheet.GetProperty("rsvpdButAbsent").GetInt32().ShouldBe(1);

        // The two who came met in one breakout pair and both gave feedback.
        var pastId = past.GetProperty("id").GetGuid();
        var rooms = (await (await amara.GetAsync($"/api/events/events/{pastId}/breakouts")).JsonAsync()).GetProperty("rooms");
        rooms.GetArrayLength().ShouldBe(1);
        rooms[0].GetProperty("members").GetArrayLength().ShouldBe(2);
        var feedback = await (await amara.GetAsync($"/api/events/events/{pastId}/feedback")).JsonAsync();
        feedback.GetProperty("responses").GetInt32().ShouldBe(2);
        feedback.GetProperty("averageRating").GetDouble().ShouldBe(4.5);

        // Its reflection topic was opened in the group's forum.
        var reflection = await Eventually.FoundAsync(async () =>
        {
            var view = await (await amara.GetAsync($"/api/events/events/{pastId}")).JsonAsync();
            return view.TryGetProperty("reflectionTopic", out var topic) && topic.ValueKind == System.Text.Json.JsonValueKind.Object &&
                   topic.TryGetProperty("url", out var url) && url.ValueKind == System.Text.Json.JsonValueKind.String
                ? url.GetString()
                : null;
        }, "the demo's reflection topic to be opened");
        reflection.ShouldContain("/groups/career-guidance-practitioners/");

        // Each clinic of the series has the case clinic's agenda (an hour), two pieces of pre-reading and a priming question.
        var next = await (await amara.GetAsync($"/api/events/events/{upcoming[0].GetProperty("id").GetGuid()}")).JsonAsync();
        next.GetProperty("agenda").EnumerateArray().Sum(i => i.GetProperty("minutes").GetInt32()).ShouldBe(60);
        next.GetProperty("materials").GetArrayLength().ShouldBe(2);
        next.GetProperty("primingQuestion").GetString().ShouldNotBeNullOrWhiteSpace();

        // Two topics proposed for coming sessions, the most voted first.
        var proposals = await anonymous.PageAsync($"/api/events/groups/{group}/proposals");
        proposals.Select(p => (p.GetProperty("title").GetString(), p.GetProperty("votes").GetInt32()))
            .ShouldBe([("Career changers over fifty", 3), ("AI tools in guidance interviews", 2)]);
    }
}
