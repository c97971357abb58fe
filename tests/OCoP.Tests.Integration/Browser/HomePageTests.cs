using Microsoft.Playwright;

namespace OCoP.Tests.Integration.Browser;

public sealed class HomePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_home_page_renders_with_a_skip_link_and_runs_no_blocked_script()
    {
        var page = await app.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        var response = await page.GotoAsync("/");
        response!.Status.ShouldBe(200);
        (await page.TitleAsync()).ShouldContain("OCoP");
        (await page.Locator("a.skip-link").GetAttributeAsync("href")).ShouldBe("#main");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Join", Exact = true })).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => typeof window.htmx === 'object'")).ShouldBeTrue();
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty(); // a CSP violation would show here
    }
}
