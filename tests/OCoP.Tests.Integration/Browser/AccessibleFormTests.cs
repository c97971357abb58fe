using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Issue 19, items 6 and 7: refused forms, friendly refusals and long inputs, at a phone's width and a desktop's.</summary>
public sealed class AccessibleFormTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task A_refused_form_shows_an_error_summary_that_takes_focus_and_links_each_refused_field_in_plain_words(int width)
    {
        var page = await app.NewPageAsync(width);
        await page.GotoAsync("/account/register");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("There are 3 problems");
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
        (await summary.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Order().ShouldBe(
            ["Display name must not be empty.", "E-mail address must not be empty.", "Password must not be empty."]);

        foreach (var (message, field, label) in new[]
                 {
                     ("E-mail address must not be empty.", "#input-email", "E-mail address"),
                     ("Display name must not be empty.", "#input-displayname", "Display name"),
                 })
        {
            var link = summary.GetByRole(AriaRole.Link, new() { Name = message });
            await Expect(link).ToHaveAttributeAsync("href", field);
            var input = page.GetByLabel(label);
            await Expect(input).ToHaveAttributeAsync("id", field[1..]);
            await Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
            var describedBy = (await input.GetAttributeAsync("aria-describedby"))!.Split(' ');
            var messages = await Task.WhenAll(describedBy.Select(id => page.Locator($"#{id}").InnerTextAsync()));
            messages.ShouldContain(message);
            await link.ClickAsync();
            await Expect(input).ToBeFocusedAsync(); // site.js: the summary's link puts the caret in the field
        }

        (await page.Locator(".field-error").AllInnerTextsAsync()).ShouldAllBe(text => !text.Contains('\''));
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task A_signed_in_outsider_following_the_forum_link_of_a_members_only_group_is_asked_to_join_to_read(int width)
    {
        var sponsor = await app.RegisterConfirmedAsync("Mona Members");
        var outsider = await app.RegisterConfirmedAsync("Otto Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;

        var page = await app.SignedInPageAsync(outsider, width: width);
        await page.GotoAsync($"/groups/{slug}");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Forum", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join to read", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("join the group first");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "See the group and ask to join" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url($"/groups/{slug}"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Join this group" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task A_ten_thousand_character_group_search_is_refused_with_a_message_in_the_page(int width)
    {
        var page = await app.NewPageAsync(width);
        await page.GotoAuditedAsync("/groups");
        await page.GetByLabel("Name or topic").FillAsync(new string('a', 10_000));
        await page.Locator("#main").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Your search must be 80 characters or fewer (you entered 10000).");
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [Fact]
    public async Task A_page_that_does_not_exist_answers_404_in_the_site_layout_and_the_api_keeps_problem_documents()
    {
        var page = await app.NewPageAsync(BrowserApp.PhoneWidth);
        var response = await page.GotoAsync("/no/such/page");
        response!.Status.ShouldBe(404);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the home page" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        var api = await app.CreateClient().GetAsync("/api/membership/groups/" + Guid.NewGuid());
        ((int)api.StatusCode).ShouldBe(404);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
