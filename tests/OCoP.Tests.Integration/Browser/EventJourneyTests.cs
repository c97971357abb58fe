using Microsoft.Playwright;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

public sealed class EventJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Members_answer_until_the_event_is_full_one_more_waits_and_is_promoted_when_a_seat_frees()
    {
        var sponsor = await app.RegisterConfirmedAsync("Fatima Facilitator");
        var group = await sponsor.CreateGroupAsync("Case clinic circle");
        var members = await app.MembersOfAsync(group, 3, "Clinic member");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Monthly case clinic", capacity: 2));
        var path = (await sponsor.Session.EventAsync(eventId)).GetProperty("path").GetString()!;

        var pages = new List<IPage>();
        foreach (var member in members)
        {
            var page = await app.SignedInPageAsync(member);
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Monthly case clinic", Level = 1 })).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();
            pages.Add(page);
        }

        // Two seats: the first two answers take them, the third waits.
        await pages[0].GetByRole(AriaRole.Button, new() { Name = "Going", Exact = true }).ClickAsync();
        await Expect(pages[0].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are going.");
        await Expect(pages[0].GetByRole(AriaRole.Link, new() { Name = "https://meet.example.org/clinic" })).ToBeVisibleAsync();
        await pages[0].ShouldHaveNoSeriousViolationsAsync();
        await pages[1].GetByRole(AriaRole.Button, new() { Name = "Going", Exact = true }).ClickAsync();
        await Expect(pages[1].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are going.");
        await pages[1].ShouldHaveNoSeriousViolationsAsync();
        await pages[2].GetByRole(AriaRole.Button, new() { Name = "Going", Exact = true }).ClickAsync();
        await Expect(pages[2].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are on the waiting list, place 1.");
        await Expect(pages[2].GetByText("2 of 2 taken, 1 on the waiting list")).ToBeVisibleAsync();
        await Expect(pages[2].GetByRole(AriaRole.List, new() { Name = "Waiting list" })).ToContainTextAsync("Clinic member 3");
        await pages[2].ShouldHaveNoSeriousViolationsAsync();

        // A seat frees: the waiting member has it at once, and is told.
        await pages[0].GetByRole(AriaRole.Button, new() { Name = "Not going" }).ClickAsync();
        await Expect(pages[0].GetByRole(AriaRole.Status)).ToHaveTextAsync("You are not going.");
        await pages[0].ShouldHaveNoSeriousViolationsAsync();
        await pages[2].GotoAsync(path);
        await Expect(pages[2].GetByText("You are going.")).ToBeVisibleAsync();
        await Expect(pages[2].GetByRole(AriaRole.Link, new() { Name = "https://meet.example.org/clinic" })).ToBeVisibleAsync();
        await pages[2].ShouldHaveNoSeriousViolationsAsync();
        await members[2].WaitForNotificationAsync("eventSeatOffered", "Monthly case clinic");

        // The calendars list it: the group's, the site's, and the promoted member's own.
        await pages[2].GotoAsync(path[..path.LastIndexOf('/')]);
        await Expect(pages[2].GetByRole(AriaRole.Link, new() { Name = "Monthly case clinic" })).ToBeVisibleAsync();
        await pages[2].ShouldHaveNoSeriousViolationsAsync();
        await pages[2].GotoAsync("/events");
        await Expect(pages[2].GetByRole(AriaRole.Link, new() { Name = "Monthly case clinic" })).ToBeVisibleAsync();
        await pages[2].ShouldHaveNoSeriousViolationsAsync();
        await pages[2].GotoAsync("/me/events");
        await Expect(pages[2].GetByRole(AriaRole.Link, new() { Name = "Monthly case clinic" })).ToBeVisibleAsync();
        await pages[2].ShouldHaveNoSeriousViolationsAsync();
    }
}
