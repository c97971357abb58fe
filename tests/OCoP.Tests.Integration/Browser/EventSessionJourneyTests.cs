using System.Globalization;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 14's whole session in a browser: a weekly series with an agenda and materials, answers until it is full and one
/// more waiting, a cancellation that promotes the first waiting member (told in-app), check-in, breakouts and feedback.
/// </summary>
public sealed class EventSessionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_facilitator_runs_a_weekly_session_from_agenda_to_breakouts_and_an_attendee_gives_feedback()
    {
        var sponsor = await app.RegisterConfirmedAsync("Selma Session");
        var group = await sponsor.CreateGroupAsync("Session circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var members = await app.MembersOfAsync(group, 4, "Session member");
        await Eventually.TrueAsync(async () => (await sponsor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode == System.Net.HttpStatusCode.OK,
            "the Events module knowing the new group");

        // A weekly series of three, starting in ten minutes (so check-in is open), three seats.
        var host = await app.SignedInPageAsync(sponsor);
        await host.GotoAuditedAsync($"/groups/{slug}/events/new");
        var start = DateTime.UtcNow.AddMinutes(10);
        await host.GetByLabel("Title").FillAsync("Weekly session");
        await host.GetByLabel("Starts").FillAsync(start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await host.GetByLabel("Ends").FillAsync(start.AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await host.GetByLabel("Time zone of these times").FillAsync("UTC");
        await host.GetByLabel("Online", new() { Exact = true }).CheckAsync();
        await host.GetByLabel("Meeting link (for online and hybrid events)").FillAsync("https://meet.example.org/session");
        await host.GetByLabel("Seats (optional)").FillAsync("3");
        await host.GetByLabel("Weekly (every few weeks on the same weekday)").CheckAsync();
        await host.GetByLabel("Number of occurrences (or an end date below)").FillAsync("3");
        await host.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Heading, new() { Name = "Weekly session", Level = 1 })).ToBeVisibleAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();
        var path = new Uri(host.Url).AbsolutePath;
        var code = (await host.Locator(".check-in-code").TextContentAsync())!.Trim();

        // The agenda from the case clinic template and the materials, for this occurrence and the following.
        await host.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync("case-clinic");
        await host.Locator("form:has(#agenda-template)").GetByLabel("Also for the following occurrences").CheckAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Use this agenda" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Status)).ToHaveTextAsync("Agenda saved.");
        await Expect(host.GetByRole(AriaRole.List, new() { Name = "Agenda" })).ToContainTextAsync("Advice in small groups (20 min, breakouts)");
        await host.ShouldHaveNoSeriousViolationsAsync();
        await host.GetByLabel("Link (http or https)").FillAsync("javascript:alert(1)");
        await host.GetByRole(AriaRole.Button, new() { Name = "Save materials" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Alert)).ToContainTextAsync("http or https link");
        await host.ShouldHaveNoSeriousViolationsAsync();
        await host.GetByLabel("Title of a link to add").FillAsync("The case in brief");
        await host.GetByLabel("Link (http or https)").FillAsync("https://example.org/case.pdf");
        await host.GetByLabel("Priming question", new() { Exact = true }).FillAsync("What would you ask the case owner first?");
        await host.Locator("form:has(#material-url)").GetByLabel("Also for the following occurrences").CheckAsync();
        await host.GetByRole(AriaRole.Button, new() { Name = "Save materials" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Status)).ToHaveTextAsync("Materials saved.");
        await Expect(host.GetByRole(AriaRole.Link, new() { Name = "The case in brief" })).ToBeVisibleAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();

        // Three answers fill it, the fourth waits.
        var pages = new List<IPage>();
        foreach (var member in members)
        {
            var page = await app.SignedInPageAsync(member);
            await page.GotoAuditedAsync(path);
            await page.GetByRole(AriaRole.Button, new() { Name = "Going", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^You are (going|on the waiting list)"));
            await page.ShouldHaveNoSeriousViolationsAsync();
            pages.Add(page);
        }

        await Expect(pages[2].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are going.");
        await Expect(pages[3].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are on the waiting list, place 1.");
        await Expect(pages[3].GetByText("What would you ask the case owner first?")).ToBeVisibleAsync();
        await pages[3].ShouldHaveNoSeriousViolationsAsync();

        // The first cancels; the waiting member has the seat at once and is told.
        await pages[0].GetByRole(AriaRole.Button, new() { Name = "Not going" }).ClickAsync();
        await Expect(pages[0].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are not going.");
        await pages[0].ShouldHaveNoSeriousViolationsAsync();
        await members[3].WaitForNotificationAsync("eventSeatOffered", "Weekly session");
        await pages[3].GotoAsync(path);
        await Expect(pages[3].GetByText("You are going.")).ToBeVisibleAsync();
        await pages[3].ShouldHaveNoSeriousViolationsAsync();

        // Those going check in with the code.
        foreach (var page in pages.Skip(1))
        {
            await page.GetByLabel("Check-in code").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are checked in.");
            await page.ShouldHaveNoSeriousViolationsAsync();
        }

        // Breakouts of two from those checked in: two groups, each member sees their own.
        await host.GotoAsync(path);
        await Expect(host.GetByText("3 present of 3 going.")).ToBeVisibleAsync();
        await host.ShouldHaveNoSeriousViolationsAsync();
        await host.GetByLabel("People per group").FillAsync("2");
        await host.GetByLabel("Purpose").FillAsync("Advise the case owner");
        await host.GetByLabel("Meeting links, one per group (separated by spaces)").FillAsync("https://meet.example.org/a https://meet.example.org/b");
        await host.GetByRole(AriaRole.Button, new() { Name = "Make breakout groups" }).ClickAsync();
        await Expect(host.GetByRole(AriaRole.Status)).ToHaveTextAsync("Breakout groups made.");
        await Expect(host.GetByRole(AriaRole.List, new() { Name = "Breakout groups" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await host.ShouldHaveNoSeriousViolationsAsync();
        await pages[1].GotoAsync(path);
        await Expect(pages[1].Locator(".my-breakout")).ToContainTextAsync("Advise the case owner");
        await Expect(pages[1].Locator(".my-breakout").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("https://meet.example.org/[ab]"));
        await pages[1].ShouldHaveNoSeriousViolationsAsync();

        // An attendee gives feedback; the facilitator sees it summarised.
        await pages[1].GetByLabel("4", new() { Exact = true }).CheckAsync();
        await pages[1].GetByLabel("What worked").FillAsync("Hearing three views on one case");
        await pages[1].GetByLabel("What to change").FillAsync("More time in the groups");
        await pages[1].GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
        await Expect(pages[1].GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you for your feedback.");
        await pages[1].ShouldHaveNoSeriousViolationsAsync();
        await host.GotoAsync(path);
        await Expect(host.Locator(".feedback-summary")).ToHaveTextAsync("1 of 3 present answered; average rating 4.0 of 5.");
        await Expect(host.GetByRole(AriaRole.List, new() { Name = "Feedback comments" })).ToContainTextAsync("More time in the groups");
        await host.ShouldHaveNoSeriousViolationsAsync();
    }
}
