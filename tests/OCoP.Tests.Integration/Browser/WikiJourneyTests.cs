using Microsoft.Playwright;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

public sealed class WikiJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_domain_expert_writes_a_page_with_a_link_a_contributor_edits_it_and_the_expert_sees_the_diff_and_reverts()
    {
        var sponsor = await app.RegisterConfirmedAsync("Wendy Sponsor");
        var expert = await app.RegisterConfirmedAsync("Eli Expert");
        var contributor = await app.RegisterConfirmedAsync("Cai Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await expert.JoinWithRolesAsync(sponsor, group, "DomainExpert");
        await contributor.JoinWithRolesAsync(sponsor, group);
        var slug = (await app.CreateClient().GroupAsync(group)).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        // The expert writes a page linking to one not written yet: a red link.
        var expertPage = await app.SignedInPageAsync(expert, consoleErrors);
        await expertPage.GotoAuditedAsync($"/groups/{slug}/wiki");
        await expertPage.GetByRole(AriaRole.Link, new() { Name = "New page" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Button, new() { Name = "Write the page" })).ToBeVisibleAsync();
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        await expertPage.GetByLabel("Title", new() { Exact = true }).FillAsync("Interview basics");
        await expertPage.GetByLabel("Text", new() { Exact = true }).FillAsync("Read [[Labour market data]] first.\n\nAsk open questions.");
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Write the page" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("The page is written.");
        await Expect(expertPage.GetByRole(AriaRole.Heading, new() { Name = "Interview basics", Level = 1 })).ToBeVisibleAsync();
        var pageUrl = expertPage.Url;
        pageUrl.ShouldBe(app.Url($"/groups/{slug}/wiki/interview-basics"));
        var link = expertPage.Locator(".wiki-body").GetByRole(AriaRole.Link, new() { Name = "Labour market data" });
        await Expect(link).ToHaveAttributeAsync("href", $"/groups/{slug}/wiki/labour-market-data");
        await Expect(link).ToHaveClassAsync("wiki-link wiki-missing");
        await expertPage.ShouldHaveNoSeriousViolationsAsync();

        // A contributor edits it.
        var contributorPage = await app.SignedInPageAsync(contributor, consoleErrors);
        await contributorPage.GotoAuditedAsync(pageUrl);
        await contributorPage.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(contributorPage.GetByLabel("What you changed (optional)")).ToBeVisibleAsync();
        await contributorPage.ShouldHaveNoSeriousViolationsAsync();
        await contributorPage.GetByLabel("Text", new() { Exact = true }).FillAsync("Read [[Labour market data]] first.\n\nAsk closed questions.");
        await contributorPage.GetByLabel("What you changed (optional)").FillAsync("Closed questions are quicker");
        await contributorPage.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(contributorPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved as revision 2.");
        await Expect(contributorPage.Locator(".wiki-body")).ToContainTextAsync("Ask closed questions.");
        await contributorPage.ShouldHaveNoSeriousViolationsAsync();

        // The expert reads the history, sees what changed, and reverts.
        await expertPage.GotoAuditedAsync(pageUrl);
        await expertPage.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Closed questions are quicker" })).ToContainTextAsync("Cai Contributor");
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        await expertPage.GetByRole(AriaRole.Link, new() { Name = "Changes in 2" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Removed" })).ToContainTextAsync("Ask open questions.");
        await Expect(expertPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Added" })).ToContainTextAsync("Ask closed questions.");
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Revert to revision 1" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reverted to revision 1: saved as revision 3.");
        await Expect(expertPage.Locator(".wiki-body")).ToContainTextAsync("Ask open questions.");
        await expertPage.ShouldHaveNoSeriousViolationsAsync();

        (await (await contributor.Session.GetAsync(WikiApi.Page(group, "interview-basics"))).JsonAsync()).GetProperty("revision").GetInt32().ShouldBe(3);
        consoleErrors.ShouldBeEmpty();
    }
}
