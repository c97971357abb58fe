using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 14, item 12 in a browser (docs/adr/0066): on a past event's page the organiser presses "Open a reflection topic",
/// the page shows the topic's link once the forum has started it, and the link leads to the topic. axe on each page.
/// </summary>
public sealed class ReflectionTopicJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_organiser_opens_a_past_events_reflection_topic_and_follows_its_link_to_the_forum()
    {
        var sponsor = await app.RegisterConfirmedAsync("Rosa Reflecting");
        var group = await sponsor.CreateGroupAsync("Reflection journey circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await sponsor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode == System.Net.HttpStatusCode.OK,
            "the Events module knowing the new group");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Clinic to look back on", start: DateTime.UtcNow.AddMinutes(10), timeZone: "UTC"));
        var path = (await sponsor.Session.EventAsync(eventId)).GetProperty("path").GetString()!;
        var consoleErrors = new List<string>();
        var page = await app.SignedInPageAsync(sponsor, consoleErrors);

        // Before it begins there is nothing to reflect on: no button.
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Clinic to look back on", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open a reflection topic" })).ToHaveCountAsync(0);

        // Two hours on, the event (an hour long) is over.
        app.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reflection", Level = 2 })).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Open a reflection topic" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Asked the group's forum to open the reflection topic." })).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();

            // The link appears on the page without reloading it (the page asks again while the forum is opening it).
            var link = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Reflection: Clinic to look back on \(") });
            await Expect(link).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open a reflection topic" })).ToHaveCountAsync(0);
            await page.ShouldHaveNoSeriousViolationsAsync();
            var title = (await link.TextContentAsync())!.Trim();

            await link.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/groups/{Regex.Escape(slug)}/topics/\\d+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("To reflect on:")).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();

            // Back on the event, the link is there for good and the button is gone.
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();
            consoleErrors.ShouldBeEmpty();
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromHours(-2));
        }
    }
}
