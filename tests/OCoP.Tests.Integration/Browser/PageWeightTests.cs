using System.Text.Json;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 19, item 10: every page under 100 KB of HTML, CSS and JavaScript on first load (images aside), all of it from
/// this host. The figures go to the test output (docs/frontend.md quotes them); with OCOP_SCREENSHOTS set to a folder,
/// the pages are also photographed there at both widths.
/// </summary>
public sealed class PageWeightTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private const int Budget = 100 * 1024;

    [Fact]
    public async Task The_home_page_a_group_home_and_a_topic_weigh_under_100_KB_on_first_load_at_both_widths()
    {
        var sponsor = await app.RegisterConfirmedAsync("Wendy Weight");
        var member = await app.RegisterConfirmedAsync("Paul Pages");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "How long should a lesson study cycle take?",
            "We plan for **three weeks**. Is that too short for a first cycle?");
        await member.ReplyNumberAsync(group, topic, "Four weeks worked for us: one to plan, one to teach, two to reflect.");
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var screenshots = Environment.GetEnvironmentVariable("OCOP_SCREENSHOTS");

        foreach (var width in new[] { BrowserApp.DesktopWidth, BrowserApp.PhoneWidth })
        {
            var page = await app.SignedInPageAsync(member, width: width);
            foreach (var (name, path) in new[] { ("home", "/"), ("group", $"/groups/{slug}"), ("topic", $"/groups/{slug}/topics/{topic}") })
            {
                // A fresh context each time: nothing cached, as on a first visit.
                var fresh = await app.NewPageAsync(width);
                await fresh.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie
                {
                    Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure,
                    SameSite = c.SameSite,
                }));
                await fresh.GotoAsync(path);
                await fresh.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var entries = await fresh.EvaluateAsync<JsonElement>("""
                    () => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
                        .map(e => ({ name: e.name, type: e.initiatorType, bytes: e.decodedBodySize }))
                    """);
                var files = entries.EnumerateArray().Select(e => (Name: e.GetProperty("name").GetString()!, Type: e.GetProperty("type").GetString()!,
                    Bytes: e.GetProperty("bytes").GetInt64())).ToList();
                files.ShouldAllBe(f => f.Name.StartsWith(app.Url("/"), StringComparison.Ordinal)); // nothing from another host
                var weight = files.Where(f => f.Type is "navigation" or "link" or "script" or "css").Sum(f => f.Bytes);
                output.WriteLine($"{name} at {width}px: {weight / 1024.0:0.0} KB of HTML, CSS and JS ({string.Join(", ", files.Select(f => $"{new Uri(f.Name).AbsolutePath} {f.Bytes / 1024.0:0.0} KB"))})");
                weight.ShouldBeLessThan(Budget, $"{path} at {width}px");
                await fresh.ShouldHaveNoSeriousViolationsAsync();
                if (screenshots is { Length: > 0 })
                {
                    Directory.CreateDirectory(screenshots);
                    await fresh.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{name}-{width}.png"), FullPage = width == BrowserApp.PhoneWidth });
                }

                await fresh.Context.CloseAsync();
            }
        }
    }
}
