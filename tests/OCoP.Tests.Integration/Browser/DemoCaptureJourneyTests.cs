using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 13's browser check on the demo community itself: its facilitator turns the demo question's accepted answer
/// into a wiki page, with axe on each page.
/// </summary>
public sealed class DemoCaptureJourneyTests(DemoCaptureJourneyTests.App app) : IClassFixture<DemoCaptureJourneyTests.App>
{
    public sealed class App : BrowserApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
    }

    private const string GroupSlug = "career-guidance-practitioners";

    [Fact]
    public async Task The_demo_facilitator_captures_the_demo_questions_accepted_answer_into_the_wiki()
    {
        var anonymous = app.CreateClient();
        var group = (await (await anonymous.GetAsync($"/api/membership/groups/by-slug/{GroupSlug}")).JsonAsync()).GetProperty("id").GetGuid();
        // The demo wiki is seeded last, from the demo question: once its captured page is there, so is the question.
        await Eventually.TrueAsync(async () => (await anonymous.GetAsync(WikiApi.Page(group, "labour-market-sources"))).IsSuccessStatusCode,
            "the demo wiki to be seeded");
        // The question's number depends on whether the demo's reflection topic reached the forum first: found by title.
        var question = (await anonymous.ItemsAsync($"/api/discussions/groups/{group}/topics"))
            .Single(t => t.GetProperty("title").GetString() == "Which labour-market sources do you trust for adult career changers?").GetProperty("number").GetInt32();
        var amara = new TestMember(Guid.Empty, "amara@demo.ocop.localhost", "demo pass phrase", "Amara", app.CreateSession());
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(amara, consoleErrors);
        await page.GotoAsync($"/groups/{GroupSlug}/topics/{question}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Which labour-market sources do you trust for adult career changers?", Level = 1 }))
            .ToBeVisibleAsync();
        await page.GotoAsync($"/groups/{GroupSlug}/wiki");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Capture a discussion" }).ClickAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Topic number").FillAsync(question.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Title of the new page (optional)").FillAsync("Sources for adult career changers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Capture", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The discussion is captured.");
        await Expect(page).ToHaveURLAsync(new Regex("/wiki/sources-for-adult-career-changers"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sources for adult career changers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".wiki-body")).ToContainTextAsync("vacancy data by region");
        await Expect(page.Locator(".wiki-body")).ToContainTextAsync("Elena Rossi");
        await Expect(page.Locator($".wiki-body a[href$='/topics/{question}']").First).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }
}
