using System.Globalization;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>A facilitator schedules a weekly series from the group's home; members answer and check in; the facilitator keeps the sheet.</summary>
public sealed class EventSchedulingJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_facilitator_schedules_a_series_from_the_group_home_and_members_check_in_with_the_code()
    {
        var sponsor = await app.RegisterConfirmedAsync("Farida Facilitator");
        var group = await sponsor.CreateGroupAsync("Check-in circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var members = await app.MembersOfAsync(group, 2, "Circle member");
        await Eventually.TrueAsync(async () => (await sponsor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode == System.Net.HttpStatusCode.OK,
            "the Events module knowing the new group");

        // Scheduling: from the group home's link, a form whose refusals are accessible too.
        var host = await app.SignedInPageAsync(sponsor);
        await host.GotoAuditedAsync($"/groups/{slug}");
        await host.GetByRole(AriaRole.Link, new() { Name = "Schedule an event" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Heading, new() { Name = "Schedule an event", Level = 1 })).ToBeVisibleAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();
        await host.GetByLabel("Title").FillAsync("");
        await host.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Alert)).ToContainTextAsync("Title");
        await Expect(host.GetByLabel("Title")).ToHaveAttributeAsync("aria-invalid", "true");
        await host.ShouldHaveNoSeriousViolationsAsync();

        var start = DateTime.UtcNow.AddMinutes(10);
        await host.GetByLabel("Title").FillAsync("Weekly case clinic");
        await host.GetByLabel("Description (Markdown)").FillAsync("Bring **one** case.");
        await host.GetByLabel("Starts").FillAsync(start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await host.GetByLabel("Ends").FillAsync(start.AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await host.GetByLabel("Time zone of these times").FillAsync("UTC");
        await host.GetByLabel("Online", new() { Exact = true }).CheckAsync();
        await host.GetByLabel("Meeting link (for online and hybrid events)").FillAsync("https://meet.example.org/weekly");
        await host.GetByLabel("Seats (optional)").FillAsync("2");
        await host.GetByLabel("Weekly (every few weeks on the same weekday)").CheckAsync();
        await host.GetByLabel("Number of occurrences (or an end date below)").FillAsync("3");
        await host.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Heading, new() { Name = "Weekly case clinic", Level = 1 })).ToBeVisibleAsync();
        await Expect(host.GetByText("The series is scheduled: 3 occurrences.")).ToBeVisibleAsync();
        var code = (await host.Locator(".check-in-code").TextContentAsync())!.Trim();
        code.Length.ShouldBe(6);
        await host.ShouldHaveNoSeriousViolationsAsync();
        var path = new Uri(host.Url).AbsolutePath;

        // A member answers and checks in with the code the facilitator reads out.
        var member = await app.SignedInPageAsync(members[0]);
        await member.GotoAuditedAsync(path);
        await member.GetByRole(AriaRole.Button, new() { Name = "Going", Exact = true }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are going.");
        await member.ShouldHaveNoSeriousViolationsAsync();
        await member.GetByLabel("Check-in code").FillAsync("WRONG1");
        await member.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the event's check-in code");
        await member.ShouldHaveNoSeriousViolationsAsync();
        await member.GetByLabel("Check-in code").FillAsync(code.ToLowerInvariant());
        await member.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are checked in.");
        await Expect(member.GetByText("You checked in to this event.")).ToBeVisibleAsync();
        await member.ShouldHaveNoSeriousViolationsAsync();

        // The facilitator ticks the other member, who answered maybe, on the sheet.
        var other = await app.SignedInPageAsync(members[1]);
        await other.GotoAuditedAsync(path);
        await other.GetByRole(AriaRole.Button, new() { Name = "Maybe" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Status)).ToHaveTextAsync("You might go.");
        await other.ShouldHaveNoSeriousViolationsAsync();
        await host.GotoAsync(path);
        await Expect(host.GetByText("1 present of 1 going.")).ToBeVisibleAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();
        await host.GetByLabel("Circle member 2 (maybe)").CheckAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Status)).ToHaveTextAsync("Attendance recorded.");
        await Expect(host.GetByText("2 present of 1 going.")).ToBeVisibleAsync();
        await Expect(host.GetByLabel("Circle member 1 (going)")).ToBeCheckedAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();

        // The group's calendar lists the three occurrences.
        await host.GotoAsync($"/groups/{slug}/events");
        await Expect(host.GetByRole(AriaRole.Link, new() { Name = "Weekly case clinic" })).ToHaveCountAsync(3);
        await host.ShouldHaveNoSeriousViolationsAsync();
    }
}
