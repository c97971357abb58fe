using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Health;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 15's "Done when": a facilitator opens the dashboard, sees a stuck newcomer and sends a welcome; a survey is
/// answered by a member and summarised for the facilitator. Axe on every page visited.
/// </summary>
public sealed class WorkbenchJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_facilitator_welcomes_a_stuck_newcomer_from_the_dashboard_and_reads_a_survey_s_summary()
    {
        var facilitator = await app.RegisterConfirmedAsync("Fay Facilitator");
        var newcomer = await app.RegisterConfirmedAsync("Ned Newcomer");
        var group = await facilitator.CreateForumAsync();
        await newcomer.JoinForumAsync(group);
        await facilitator.StartTopicNumberAsync(group, "Introduce yourself", "Who are you and what brings you here?");
        var slug = (await (await facilitator.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        app.Clock.Advance(TimeSpan.FromDays(15));
        await facilitator.SignInAgainAsync();
        await Eventually.TrueAsync(async () =>
        {
            var stages = await (await facilitator.Session.GetAsync($"/api/engagement/groups/{group}/stages")).JsonAsync();
            return stages.GetProperty("stuck").EnumerateArray().Any(s => s.GetProperty("name").GetString() == "Ned Newcomer");
        }, "the newcomer to be stuck at the first stage");

        var consoleErrors = new List<string>();
        var page = await app.SignedInPageAsync(facilitator, consoleErrors);
        await page.GotoAsync($"/groups/{slug}/health");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Member progression (Salmon's five stages)" })).ToBeVisibleAsync();
        var row = page.Locator("#stuck-members tr", new() { HasText = "Ned Newcomer" });
        await Expect(row).ToContainTextAsync("1. Access and motivation");
        await Expect(row).ToContainTextAsync("Welcome them and point to the orientation.");
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        await row.GetByRole(AriaRole.Button, new() { Name = "Send a welcome to Ned Newcomer" }).ClickAsync();
        await Expect(page.GetByText("Welcome sent as a private message.")).ToBeVisibleAsync();
        await Expect(page.Locator("#stuck-members tr", new() { HasText = "Ned Newcomer" })).ToContainTextAsync("Welcomed");
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        // The newcomer finds the welcome among their messages.
        var newcomerPage = await app.SignedInPageAsync(newcomer, consoleErrors);
        await newcomerPage.GotoAsync("/messages");
        await Expect(newcomerPage.GetByText("Welcome to Forum Group")).ToBeVisibleAsync();
        (await newcomerPage.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        // A survey: the facilitator opens it, the newcomer answers on its page, the facilitator reads the summary.
        var created = await facilitator.Session.PostAsJsonAsync($"/api/engagement/groups/{group}/surveys", new
        {
            title = "How are we doing?",
            measure = "Newcomers feel welcome within a month",
            anonymous = true,
            closesAt = app.Clock.GetUtcNow().AddDays(7),
            questions = new object[]
            {
                new { kind = "Rating", text = "How welcome do you feel?" },
                new { kind = "Choice", text = "What helped most?", options = new[] { "The welcome message", "The orientation" } },
                new { kind = "Text", text = "What would you change?" },
            },
        });
        created.EnsureSuccessStatusCode();
        var surveyPath = (await created.JsonAsync()).GetProperty("path").GetString()!;
        await newcomerPage.GotoAsync(surveyPath);
        await Expect(newcomerPage.GetByRole(AriaRole.Heading, new() { Name = "How are we doing?", Level = 1 })).ToBeVisibleAsync();
        (await newcomerPage.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        await newcomerPage.GetByRole(AriaRole.Group, new() { Name = "How welcome do you feel?" }).GetByLabel("4").CheckAsync();
        await newcomerPage.GetByLabel("The welcome message").CheckAsync();
        await newcomerPage.GetByLabel("Your answer (optional)").FillAsync("More events for beginners.");
        await newcomerPage.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Expect(newcomerPage.GetByText("Thank you: your answers are in.")).ToBeVisibleAsync();
        await Expect(newcomerPage.GetByText("You have answered this survey. Thank you.")).ToBeVisibleAsync();
        (await newcomerPage.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        await page.GotoAuditedAsync($"/groups/{slug}/health");
        await page.GetByRole(AriaRole.Link, new() { Name = "Summary of How are we doing?" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Summary: How are we doing?", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#responses")).ToContainTextAsync("1 of 2 members answered");
        await Expect(page.GetByText("Average rating: 4 of 5 (1 answers)")).ToBeVisibleAsync();
        await Expect(page.GetByText("More events for beginners.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Read beside the charter's measure: Newcomers feel welcome within a month")).ToBeVisibleAsync();
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        consoleErrors.ShouldBeEmpty();
    }
}
