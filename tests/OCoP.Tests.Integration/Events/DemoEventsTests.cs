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
    public async Task The_demo_group_has_a_monthly_case_clinic_whose_next_occurrence_is_full_and_a_past_clinic_with_attendance()
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
    }
}
