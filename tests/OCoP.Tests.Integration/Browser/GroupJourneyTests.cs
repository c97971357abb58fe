using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

public sealed class GroupJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_sponsor_starts_a_group_a_member_asks_to_join_a_facilitator_approves_and_the_newcomer_accepts_the_code_and_sees_orientation()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sofia Sponsor");
        var newcomer = await app.RegisterConfirmedAsync("Nico Newcomer");
        var name = $"Lesson Study Circle {Guid.NewGuid():N}"[..28];

        // The sponsor starts the group through its charter.
        var sponsorPage = await app.SignedInPageAsync(sponsor);
        await sponsorPage.GotoAuditedAsync("/groups/new");
        await sponsorPage.GetByLabel("Group name").FillAsync(name);
        await sponsorPage.GetByLabel("Topics").FillAsync("lesson study, mathematics");
        await sponsorPage.GetByLabel("They ask, a facilitator approves").CheckAsync();
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Create the group" }).ClickAsync();
        await Expect(sponsorPage.Locator("#purpose-error")).ToContainTextAsync("must not be empty");
        await Expect(sponsorPage.GetByLabel("Group name")).ToHaveValueAsync(name); // nothing typed is lost
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GetByLabel("Purpose (required)").FillAsync("Plan, teach and observe one research lesson a term.");
        await sponsorPage.GetByLabel("Who it is for (required)").FillAsync("Primary and secondary mathematics teachers");
        await sponsorPage.GetByLabel("Cadence").FillAsync("Monthly");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Create the group" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(sponsorPage.GetByText("Plan, teach and observe one research lesson a term.")).ToBeVisibleAsync();
        var groupUrl = sponsorPage.Url;
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();

        // The charter is edited in place, its history kept; settings give memberships a length.
        await sponsorPage.GetByRole(AriaRole.Link, new() { Name = "Edit the charter, see its history" }).ClickAsync();
        await Expect(sponsorPage.GetByLabel("Purpose (required)")).ToHaveValueAsync("Plan, teach and observe one research lesson a term.");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GetByLabel("Cadence").FillAsync("Every three weeks");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Charter saved as version 2.");
        await Expect(sponsorPage.GetByText("Every three weeks")).ToBeVisibleAsync();
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GotoAsync(groupUrl + "/charter");
        await Expect(sponsorPage.GetByRole(AriaRole.List, new() { Name = "Charter versions" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GotoAuditedAsync(groupUrl + "/settings");
        await sponsorPage.GetByLabel("Membership length in months").FillAsync("12");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings saved.");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GotoAuditedAsync(groupUrl);

        // It gets a code of conduct.
        await sponsorPage.GetByRole(AriaRole.Link, new() { Name = "Manage members" }).ClickAsync();
        await Expect(sponsorPage.GetByLabel("Clauses, one per line")).ToBeVisibleAsync();
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GetByLabel("Clauses, one per line").FillAsync("Observe lessons, not teachers.\nKeep what is shared in the room.");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Publish a new version" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("New code of conduct published.");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();

        // The newcomer asks to join, accepting the code of conduct.
        var newcomerPage = await app.SignedInPageAsync(newcomer);
        await newcomerPage.GotoAsync(groupUrl);
        await Expect(newcomerPage.GetByText("Observe lessons, not teachers.")).ToBeVisibleAsync();
        await newcomerPage.ShouldHaveNoSeriousViolationsAsync();
        await newcomerPage.GetByLabel("I have read and accept the code of conduct").CheckAsync();
        await newcomerPage.GetByLabel("A word to the facilitators").FillAsync("I teach year 5 maths.");
        await newcomerPage.GetByRole(AriaRole.Button, new() { Name = "Ask to join" }).ClickAsync();
        await Expect(newcomerPage.GetByRole(AriaRole.Status).First).ToContainTextAsync("on its way to the facilitators");
        await newcomerPage.ShouldHaveNoSeriousViolationsAsync();

        // The facilitator approves from the requests list.
        await sponsorPage.ReloadAsync();
        var requests = sponsorPage.GetByRole(AriaRole.List, new() { Name = "Requests to join" });
        await Expect(requests).ToContainTextAsync("I teach year 5 maths.");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await requests.GetByLabel("Message to Nico Newcomer").FillAsync("Welcome, Nico!");
        await requests.GetByRole(AriaRole.Button, new() { Name = "Approve Nico Newcomer" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Request approved.");
        await Expect(sponsorPage.GetByRole(AriaRole.Cell, new() { Name = "Nico Newcomer", Exact = true })).ToBeVisibleAsync();
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();

        // The newcomer is in, and finds the orientation checklist.
        await newcomerPage.GotoAsync(groupUrl);
        await Expect(newcomerPage.GetByText("You are a member")).ToBeVisibleAsync();
        await newcomerPage.ShouldHaveNoSeriousViolationsAsync();
        await newcomerPage.GetByRole(AriaRole.Link, new() { Name = "Your orientation checklist" }).ClickAsync();
        var checklist = newcomerPage.GetByRole(AriaRole.List, new() { Name = "Orientation checklist" });
        await Expect(checklist.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await newcomerPage.ShouldHaveNoSeriousViolationsAsync();
        await checklist.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Read the group's charter" })
            .GetByRole(AriaRole.Button, new() { Name = "Mark as done" }).ClickAsync();
        await Expect(newcomerPage.GetByText("(1 of 3 done)")).ToBeVisibleAsync();
        await newcomerPage.ShouldHaveNoSeriousViolationsAsync();
    }
}
