using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Its own host with a tight account quota, so that no other test's sign-in runs into it.</summary>
public sealed class ThrottledBrowserApp : BrowserApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:AccountPermitsPerMinute"] = "2" };
}

/// <summary>Issue 19, item 7: a rate-limited page is a page, saying when to try again and how to get back.</summary>
public sealed class RateLimitPageTests(ThrottledBrowserApp app) : IClassFixture<ThrottledBrowserApp>
{
    [Fact]
    public async Task Too_many_sign_in_attempts_show_a_page_saying_when_to_try_again_with_a_way_back_at_both_widths()
    {
        foreach (var width in new[] { BrowserApp.DesktopWidth, BrowserApp.PhoneWidth })
        {
            var page = await app.NewPageAsync(width);
            IResponse? last = null;
            page.Response += (_, response) =>
            {
                if (response.Request.Method == "POST")
                {
                    last = response;
                }
            };
            for (var attempt = 0; attempt < 5 && last?.Status != 429; attempt++)
            {
                await page.GotoAuditedAsync("/account/sign-in");
                await page.GetByLabel("E-mail address").FillAsync("guess@example.org");
                await page.GetByLabel("Password").FillAsync("guess guess guess");
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
                await page.WaitForLoadStateAsync();
            }

            last!.Status.ShouldBe(429);
            int.Parse((await last.HeaderValueAsync("retry-after"))!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
            (await last.HeaderValueAsync("content-type"))!.ShouldStartWith("text/html");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Slow down", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToContainTextAsync("You can try again in");
            await Expect(page.Locator("main time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT"));
            await page.ShouldHaveNoSeriousViolationsAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to the page you were on" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(app.Url("/account/sign-in"));
            await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousViolationsAsync();
        }
    }
}
