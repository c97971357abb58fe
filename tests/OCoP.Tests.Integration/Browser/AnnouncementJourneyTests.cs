using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Issue 15, item 5 in the browser: a facilitator announces from the group's page, a member reads it. Axe on every page.</summary>
public sealed class AnnouncementJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_facilitator_posts_an_announcement_after_a_refused_try_and_a_member_reads_it()
    {
        var facilitator = await app.RegisterConfirmedAsync("Fiona Announcer");
        var member = await app.RegisterConfirmedAsync("Milo Reader");
        var group = await facilitator.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = (await (await facilitator.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;

        var consoleErrors = new List<string>();
        var page = await app.SignedInPageAsync(facilitator, consoleErrors);
        await page.GotoAsync($"/groups/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Announcements", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Announcements", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("No announcement yet.")).ToBeVisibleAsync();
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        // Refused: no text. The error stands at its field, the title is kept.
        await page.GetByLabel("Title").FillAsync("Welcome to the new term");
        await page.GetByRole(AriaRole.Button, new() { Name = "Announce", Exact = true }).ClickAsync();
        await Expect(page.Locator("#body-error")).ToHaveTextAsync("Write the announcement.");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Welcome to the new term");
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        await page.GetByLabel("Announcement", new() { Exact = true }).FillAsync("We meet **every Tuesday** from now on.");
        await page.GetByLabel("Important: e-mail everyone, even those who turned e-mail off (once a week)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Announce", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Announced: every member is notified and e-mailed.")).ToBeVisibleAsync();
        var article = page.Locator("article.announcement", new() { HasText = "Welcome to the new term" });
        await Expect(article.Locator("strong")).ToHaveTextAsync("every Tuesday");
        await Expect(article).ToContainTextAsync("Important");
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        // The member reads it, without the form.
        var memberPage = await app.SignedInPageAsync(member, consoleErrors);
        await memberPage.GotoAsync($"/groups/{slug}/announcements");
        await Expect(memberPage.GetByRole(AriaRole.Heading, new() { Name = "Welcome to the new term" })).ToBeVisibleAsync();
        await Expect(memberPage.GetByText("By Fiona Announcer")).ToBeVisibleAsync();
        await Expect(memberPage.GetByRole(AriaRole.Button, new() { Name = "Announce", Exact = true })).ToHaveCountAsync(0);
        (await memberPage.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        consoleErrors.ShouldBeEmpty();
    }
}
