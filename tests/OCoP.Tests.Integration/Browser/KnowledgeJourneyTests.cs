using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>The blog and the resource directory in a real browser, with axe on every page visited.</summary>
public sealed class KnowledgeJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_adds_a_resource_another_rates_it_and_an_expert_vets_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Rhea Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Ravi Contributor");
        var expert = await app.RegisterConfirmedAsync("Esme Expert");
        var group = await sponsor.CreateWikiGroupAsync();
        await contributor.JoinWithRolesAsync(sponsor, group);
        await expert.JoinWithRolesAsync(sponsor, group, "DomainExpert");
        var slug = (await app.CreateClient().GroupAsync(group)).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(contributor, consoleErrors);
        await page.GotoAsync($"/groups/{slug}/resources");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a resource" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add the resource" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("Syllabus");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Guidance practice syllabus");
        await page.GetByLabel("Web address").FillAsync("javascript:alert(1)");
        await page.GetByLabel("Description").FillAsync("Twelve sessions.");
        await page.GetByLabel("Tags").FillAsync("training, Interviews");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the resource" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("http");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Web address").FillAsync("https://example.org/syllabus");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the resource" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The resource is added.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Guidance practice syllabus");
        await page.ShouldHaveNoSeriousViolationsAsync();
        var resourceUrl = page.Url;

        // Another member rates it and reviews it.
        var expertPage = await app.SignedInPageAsync(expert, consoleErrors);
        await expertPage.GotoAsync(resourceUrl);
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        await expertPage.GetByLabel("4", new() { Exact = true }).CheckAsync();
        await expertPage.GetByLabel("Review (optional)").FillAsync("Well paced.");
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Save my rating" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your rating is saved.");
        await Expect(expertPage.Locator("#rating")).ToHaveTextAsync("4 of 5 (1 rating)");
        await Expect(expertPage.GetByText("Well paced.")).ToBeVisibleAsync();
        await expertPage.ShouldHaveNoSeriousViolationsAsync();

        // The domain expert vets it; the directory shows it among the vetted ones.
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Vet this resource" }).ClickAsync();
        await Expect(expertPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("The resource is vetted.");
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        await expertPage.GotoAsync($"/groups/{slug}/resources?vetted=true");
        await Expect(expertPage.GetByRole(AriaRole.Link, new() { Name = "Guidance practice syllabus" })).ToBeVisibleAsync();
        await expertPage.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_member_publishes_a_blog_post_and_another_comments_on_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Bo Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Bea Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await contributor.JoinWithRolesAsync(sponsor, group);
        var slug = (await app.CreateClient().GroupAsync(group)).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(contributor, consoleErrors);
        await page.GotoAsync($"/groups/{slug}/blog");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a post" }).ClickAsync();
        await Expect(page.GetByLabel("Publish now")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Our first clinic");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("It went **well**.");
        await page.GetByLabel("Publish now").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The post is published.");
        await Expect(page.Locator(".blog-post strong")).ToHaveTextAsync("well");
        await page.ShouldHaveNoSeriousViolationsAsync();
        var postUrl = page.Url;

        var sponsorPage = await app.SignedInPageAsync(sponsor, consoleErrors);
        await sponsorPage.GotoAsync(postUrl);
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();
        await sponsorPage.GetByLabel("Your comment").FillAsync("Great start!");
        await sponsorPage.GetByRole(AriaRole.Button, new() { Name = "Add the comment" }).ClickAsync();
        await Expect(sponsorPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your comment is added.");
        await Expect(sponsorPage.GetByRole(AriaRole.Heading, new() { Name = "Comments (1)" })).ToBeVisibleAsync();
        await Expect(sponsorPage.Locator(".comment")).ToContainTextAsync("Great start!");
        await sponsorPage.ShouldHaveNoSeriousViolationsAsync();

        await page.GotoAsync($"/groups/{slug}/blog");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Our first clinic" })).ToBeVisibleAsync();
        await Expect(page.Locator(".blog-summary .meta")).ToContainTextAsync("1 comment");
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_facilitator_captures_a_questions_accepted_answer_into_the_wiki()
    {
        var sponsor = await app.RegisterConfirmedAsync("Fay Facilitator");
        var asker = await app.RegisterConfirmedAsync("Ash Asker");
        var answerer = await app.RegisterConfirmedAsync("Ann Answerer");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        await answerer.JoinForumAsync(group);
        var topic = await asker.StartTopicNumberAsync(group, "Where do you find labour-market data?", "Regional figures, ideally.", kind: "Question");
        var answer = await answerer.ReplyNumberAsync(group, topic, "The regional dashboard, updated monthly.");
        (await asker.AcceptAnswerAsync(group, topic, answer)).EnsureSuccessStatusCode();
        var slug = (await app.CreateClient().GroupAsync(group)).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(sponsor, consoleErrors);
        await page.GotoAuditedAsync($"/groups/{slug}/wiki");
        await page.GetByRole(AriaRole.Link, new() { Name = "Capture a discussion" }).ClickAsync();
        await Expect(page.GetByLabel("Topic number")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Topic number").FillAsync(topic.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Title of the new page (optional)").FillAsync("Labour-market data");
        await page.GetByRole(AriaRole.Button, new() { Name = "Capture", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The discussion is captured.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Labour-market data", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".wiki-body")).ToContainTextAsync("The regional dashboard, updated monthly.");
        await Expect(page.Locator(".wiki-body")).ToContainTextAsync("Ann Answerer");
        await Expect(page.Locator($".wiki-body a[href$='/topics/{topic}']").First).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }
}
