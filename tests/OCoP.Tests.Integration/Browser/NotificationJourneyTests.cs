using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Issue 5: a member watches a topic, another replies, the first sees the unread badge and opens the notification.</summary>
public sealed class NotificationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_watching_a_topic_sees_the_unread_badge_opens_the_notification_and_lands_on_the_reply()
    {
        var starter = await app.RegisterConfirmedAsync("Wanda Watcher");
        var replier = await app.RegisterConfirmedAsync("Rex Replier");
        var group = await starter.CreateForumAsync();
        await replier.JoinForumAsync(group);
        var slug = (await (await starter.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var (topicId, topic) = await replier.StartTopicIdAsync(group, "Marking homework faster");
        await starter.FollowWhenKnownAsync("topic", topicId, "watching");
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(starter, consoleErrors);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync(); // nothing unread yet

        var reply = await replier.ReplyNumberAsync(group, topic, "I mark one question per pupil, in rotation.");
        await starter.WaitForNotificationAsync("watchedTopicPost", "Marking homework faster",
            n => n.GetProperty("path").GetString()!.EndsWith($"/topics/{topic}/posts/{reply}", StringComparison.Ordinal));

        await page.ReloadAsync();
        var badge = nav.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Notifications \(1 unread\)$") });
        await Expect(badge).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await badge.ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url("/notifications"));
        // One notification (the opening post, if it arrived after the follow, folds into it), pointing at the newest post.
        var item = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Unread: Rex Replier wrote (a new post|2 new posts) in Marking homework faster$") });
        (await item.GetAttributeAsync("href"))!.ShouldStartWith("/notifications?handler=open&id="); // a real link: it opens in a new tab too
        await page.ShouldHaveNoSeriousViolationsAsync();
        await item.ClickAsync();

        // The permanent link of the reply redirects to its anchor on the topic page.
        await Expect(page).ToHaveURLAsync(new Regex($"/groups/{Regex.Escape(slug)}/topics/{topic}(\\?[^#]*)?#post-{reply}$"));
        await Expect(page.Locator($"#post-{reply}")).ToContainTextAsync("I mark one question per pupil, in rotation.");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync(); // read now
        (await starter.UnreadCountAsync()).ShouldBe(0);
        await page.ShouldHaveNoSeriousViolationsAsync();

        await page.GotoAsync("/notifications");
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Rex Replier wrote (a new post|2 new posts) in Marking homework faster$") })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("All notifications are marked read.");

        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty(); // a Content-Security-Policy violation on any page of the journey would show here
    }
}
