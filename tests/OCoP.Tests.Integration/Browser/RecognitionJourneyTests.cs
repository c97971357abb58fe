using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 15, items 7 and 8 in a real browser: a member is told of a badge, finds it on the group's badges page and on
/// their profile, keeps their professional-development record (a refused entry kept with its error, then added, then
/// printed); a sponsor revokes the badge and switches badges off. Axe on every page visited.
/// </summary>
public sealed class RecognitionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_is_told_of_a_badge_finds_it_keeps_their_record_and_a_sponsor_revokes_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sasha Sponsor");
        var helper = await app.RegisterConfirmedAsync("Hana Helper");
        var group = await sponsor.CreateForumAsync();
        await helper.JoinForumAsync(group);
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        (await Knowledge.WikiApi.CreatePageAsync(helper, group, "Seating plans that work")).EnsureSuccessStatusCode();
        await helper.WaitForNotificationAsync("badgeEarned", "you earned the badge \"Page author\"");
        var consoleErrors = new List<string>();

        // The notification leads to the group's badges page, where the member sees the badge and no controls.
        var page = await app.SignedInPageAsync(helper, consoleErrors);
        await page.GotoAuditedAsync("/notifications");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Unread: .*: you earned the badge \"Page author\"$") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url($"/groups/{slug}/badges"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Badges", Level = 1 })).ToBeVisibleAsync();
        var mine = page.Locator($"#member-{helper.Id}");
        await Expect(mine).ToContainTextAsync("Page author");
        await Expect(mine).ToContainTextAsync("They created a page of the group's wiki.");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke") })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Switch badges") })).ToHaveCountAsync(0);
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Their profile shows the badge and leads to their professional-development record.
        await page.GotoAuditedAsync($"/members/{helper.Id}");
        await Expect(page.Locator(".badges-part")).ToContainTextAsync("Page author");
        await page.GetByRole(AriaRole.Link, new() { Name = "your record" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your professional-development record", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".development-group", new() { HasText = "Forum Group" })).ToContainTextAsync("Wiki pages created");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // A refused entry comes back with its error beside the field and what was typed; corrected, it is added.
        var day = app.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd");
        await page.GetByLabel("Skill practised").FillAsync("Questioning techniques");
        await page.GetByLabel("Day").FillAsync(day);
        await page.GetByLabel("Hours (optional)").FillAsync("a lot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to my record" }).ClickAsync();
        await Expect(page.Locator("#hours-error")).ToContainTextAsync("Give the hours as a number, such as 1.5.");
        await Expect(page.GetByLabel("Skill practised")).ToHaveValueAsync("Questioning techniques");
        await Expect(page.GetByLabel("Hours (optional)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Hours (optional)").FillAsync("1.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to my record" }).ClickAsync();
        await Expect(page.GetByText("Added to your record: Questioning techniques.")).ToBeVisibleAsync();
        var entry = page.Locator(".development-entries tbody tr", new() { HasText = "Questioning techniques" });
        await Expect(entry).ToContainTextAsync(day);
        await Expect(entry).ToContainTextAsync("1.5");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // The printable version: the record and the entry, without the site's navigation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Printable version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Professional-development record", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Questioning techniques").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        await page.ShouldHaveNoSeriousViolationsAsync();

        // The sponsor revokes the badge (and sees who did), then switches badges off for the group.
        var sponsorPage = await app.SignedInPageAsync(sponsor, consoleErrors);
        await sponsorPage.GotoAuditedAsync($"/groups/{slug}/badges");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Revoke Page author from Hana Helper" }).ClickAsync();
        await Expect(sponsorPage.Locator($"#member-{helper.Id}")).ToContainTextAsync("Revoked by Sasha Sponsor");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Switch badges off for this group" }).ClickAsync();
        await Expect(sponsorPage.GetByText("Badges are off in this group: none are shown or awarded.")).ToBeVisibleAsync();
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();

        // The member no longer sees the revoked badge anywhere.
        await page.GotoAuditedAsync($"/members/{helper.Id}");
        await Expect(page.Locator(".badges-part")).ToHaveCountAsync(0);
        consoleErrors.ShouldBeEmpty();
    }
}
