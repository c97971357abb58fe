using System.Text.RegularExpressions;
using Marten;
using Microsoft.Playwright;
using OCoP.Modules.Membership.Access;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 17, in two browser contexts: one member reads a topic while another chats and replies; the first sees their
/// notification badge and "1 new reply, show" change without reloading, over the live connection.
/// </summary>
public sealed class LiveJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_reader_sees_the_badge_and_new_replies_live_while_another_member_chats_and_replies()
    {
        var reader = await app.RegisterConfirmedAsync("Lena Live");
        var writer = await app.RegisterConfirmedAsync("Ravi Live");
        var group = await reader.CreateForumAsync();
        await writer.JoinForumAsync(group);
        var slug = (await (await reader.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var (_, topic) = await reader.StartTopicIdAsync(group, "Live marking");
        await Eventually.TrueAsync(() => app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(group, reader.Id)) is { Active: true };
        }), "Engagement to know Lena as a member");
        var consoleErrors = new List<string>();

        var readerPage = await app.SignedInPageAsync(reader, consoleErrors);
        await readerPage.GotoAsync($"/groups/{slug}/topics/{topic}");
        await Expect(readerPage.Locator("[data-live-topic][data-live=on]")).ToBeAttachedAsync();
        var nav = readerPage.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        await readerPage.ShouldHaveNoSeriousViolationsAsync();

        var writerPage = await app.SignedInPageAsync(writer, consoleErrors);
        await writerPage.GotoAsync($"/groups/{slug}/chat");
        await Expect(writerPage.Locator("#chat[data-live=true]")).ToBeAttachedAsync();
        await writerPage.ShouldHaveNoSeriousViolationsAsync();
        await writerPage.GetByLabel("Message (markdown, @handle to mention)").FillAsync("Have a look at the topic, @lena_live");
        await writerPage.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(writerPage.Locator("#m1")).ToContainTextAsync("Have a look at the topic");
        await Expect(writerPage).ToHaveURLAsync(app.Url($"/groups/{slug}/chat"), new() { Timeout = 1000 }); // sent live, not by the form

        await Expect(nav.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Notifications \(1 unread\)$") })).ToBeVisibleAsync();

        await writer.ReplyNumberAsync(group, topic, "I mark one question per pupil.");
        var fresh = readerPage.GetByRole(AriaRole.Link, new() { Name = "1 new reply, show" });
        await Expect(fresh).ToBeVisibleAsync();
        await fresh.ClickAsync();
        await Expect(readerPage.Locator("#post-2")).ToContainTextAsync("I mark one question per pupil.");

        await readerPage.ShouldHaveNoSeriousViolationsAsync();
        await writerPage.GotoAsync($"/groups/{slug}/chat");
        await writerPage.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }
}
