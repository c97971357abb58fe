using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Search;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Issue 15: a member searches from the box in the header and lands on a post's permanent link.</summary>
public sealed class SearchJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_searches_from_the_header_and_lands_on_the_post_s_permanent_link()
    {
        var word = SearchApi.Word();
        var author = await app.RegisterConfirmedAsync("Sol Starter");
        var member = await app.RegisterConfirmedAsync("Mira Searcher");
        var group = await author.CreateGroupAsync("Field notes", "MembersOnly");
        await author.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
        await member.JoinForumAsync(group);
        var topic = await author.StartTopicNumberAsync(group, "Tides and lessons", "What do you teach at low tide?");
        var reply = await author.ReplyNumberAsync(group, topic, $"We count {word} in the rock pools.");
        await member.Session.EventuallyResultsAsync(word, r => r.Any(x => x.Kind() == "post"), "the reply in the index");
        var slug = (await (await author.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;

        var consoleErrors = new List<string>();
        var page = await app.SignedInPageAsync(member, consoleErrors);
        var header = page.GetByRole(AriaRole.Search, new() { Name = "Site search" });
        await header.GetByLabel("Search").FillAsync(word);
        await header.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/search\\?q={word}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Search", Level = 1 })).ToBeVisibleAsync();
        var result = page.Locator(".search-results li").First;
        await Expect(result).ToContainTextAsync("Reply in Tides and lessons");
        await Expect(result.Locator("mark")).ToHaveTextAsync(word);
        (await page.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        // The result links to the post's permanent link, which opens the topic's page at the post.
        var link = result.GetByRole(AriaRole.Link, new() { Name = "Reply in Tides and lessons" });
        await Expect(link).ToHaveAttributeAsync("href", $"/groups/{slug}/topics/{topic}/posts/{reply}");
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/groups/{slug}/topics/{topic}(\\?page=\\d+)?#post-{reply}$"));
        await Expect(page.GetByText($"We count {word} in the rock pools.")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // A visitor searching the same words finds nothing: the group is for members.
        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync($"/search?q={word}");
        await Expect(visitor.GetByText($"Nothing found for “{word}”.")).ToBeVisibleAsync();
        (await visitor.RunAxe()).Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        consoleErrors.ShouldBeEmpty();
    }
}
