using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Issue 17: a flagged chat message waits in the group's review queue; the facilitator's decision reaches the chat (docs/adr/0072).</summary>
public sealed class ChatFlagReviewTests(ChatApp app) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task A_flagged_chat_message_waits_in_the_review_queue_and_deleting_it_there_removes_it_from_the_chat()
    {
        var sponsor = await app.RegisterConfirmedAsync("Review Facilitator");
        var group = await sponsor.CreateForumAsync();
        var author = await app.RegisterConfirmedAsync("Review Author");
        var flagger = await app.RegisterConfirmedAsync("Review Flagger");
        await author.JoinForumAsync(group);
        await flagger.JoinForumAsync(group);
        var rude = (await author.ChatSendAsync(group, "Rude words in chat")).GetProperty("number").GetInt32();
        var mild = (await author.ChatSendAsync(group, "Mild words in chat")).GetProperty("number").GetInt32();
        (await flagger.ChatFlagAsync(group, rude, "Rude")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flagger.ChatFlagAsync(group, mild, "Not sure")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var queue = await Eventually.FoundAsync(async () =>
        {
            var items = await QueueAsync(sponsor, group);
            return items.Count == 2 ? items : null;
        }, "both flagged chat messages to wait in the review queue");
        var item = queue.Single(i => i.GetProperty("messageNumber").GetInt32() == rude);
        item.GetProperty("excerpt").GetString().ShouldBe("Rude words in chat");
        item.GetProperty("authorId").GetGuid().ShouldBe(author.Id);
        item.GetProperty("flags")[0].GetProperty("flaggedBy").GetGuid().ShouldBe(flagger.Id);
        item.GetProperty("flags")[0].GetProperty("reason").GetString().ShouldBe("Rude");
        item.GetProperty("path").GetString()!.ShouldEndWith($"/chat?channel={group}#m{rude}");

        // The queue is the facilitators': a member is refused.
        await (await flagger.Session.GetAsync($"{DiscussionsApi.Forum(group)}/review/chat-messages")).ProblemAsync(403);
        await (await ResolveAsync(flagger, group, item.GetProperty("messageId").GetGuid(), "Delete")).ProblemAsync(403);
        (await (await ResolveAsync(sponsor, group, item.GetProperty("messageId").GetGuid(), "Erase")).ProblemAsync(400)).ErrorFields().ShouldBe(["decision"]);

        // The page lists them too, with a link to the message.
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        (await sponsor.Session.GetStringAsync($"/groups/{slug}/forum/review")).ShouldContain($"/chat?channel={group}#m{rude}");

        (await ResolveAsync(sponsor, group, item.GetProperty("messageId").GetGuid(), "Delete", "Rude to a member")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var dismissed = queue.Single(i => i.GetProperty("messageNumber").GetInt32() == mild).GetProperty("messageId").GetGuid();
        (await ResolveAsync(sponsor, group, dismissed, "Dismiss")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await ResolveAsync(sponsor, group, dismissed, "Dismiss")).ProblemAsync(409);
        (await QueueAsync(sponsor, group)).ShouldBeEmpty();

        // The chat: the deleted message is a tombstone without its text, the dismissed one stays.
        var history = await Eventually.FoundAsync(async () =>
        {
            var items = (await (await flagger.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            return items.Single(m => m.GetProperty("number").GetInt32() == rude).GetProperty("deleted").GetBoolean() ? items : null;
        }, "the chat to delete the message the facilitator deleted in the review queue");
        history.Single(m => m.GetProperty("number").GetInt32() == rude).GetProperty("source").GetString().ShouldBeEmpty();
        history.Single(m => m.GetProperty("number").GetInt32() == mild).GetProperty("source").GetString().ShouldBe("Mild words in chat");
        history.ShouldNotContain(m => m.GetProperty("html").GetString()!.Contains("Rude words", StringComparison.Ordinal));

        // The moderation log has the removal, by the facilitator, with the reason; and the dismissal.
        var log = await Eventually.FoundAsync(async () =>
        {
            var lines = await sponsor.ModerationLogAsync(group);
            return lines.Any(l => l.GetProperty("action").GetString()!.StartsWith("chat message deleted", StringComparison.Ordinal)) ? lines : null;
        }, "the deletion to reach the moderation log");
        var removal = log.Single(l => l.GetProperty("action").GetString()!.StartsWith("chat message deleted", StringComparison.Ordinal));
        removal.GetProperty("reason").GetString().ShouldBe("Rude to a member");
        removal.GetProperty("moderatorId").GetGuid().ShouldBe(sponsor.Id);
        removal.GetProperty("memberId").GetGuid().ShouldBe(author.Id);
        log.ShouldContain(l => l.GetProperty("action").GetString()!.StartsWith("chat flags dismissed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flags_reaching_the_forums_threshold_hide_a_chat_message_until_a_facilitator_dismisses_them()
    {
        var sponsor = await app.RegisterConfirmedAsync("Held Facilitator");
        var group = await sponsor.CreateForumAsync();
        (await sponsor.ChangeForumSettingsAsync(group, flagThreshold: 2)).EnsureSuccessStatusCode();
        var author = await app.RegisterConfirmedAsync("Held Author");
        var first = await app.RegisterConfirmedAsync("Held Flagger One");
        var second = await app.RegisterConfirmedAsync("Held Flagger Two");
        foreach (var member in new[] { author, first, second })
        {
            await member.JoinForumAsync(group);
        }

        var number = (await author.ChatSendAsync(group, "Something hurtful")).GetProperty("number").GetInt32();
        (await first.ChatFlagAsync(group, number, "Hurtful")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var queue = await Eventually.FoundAsync(async () => await QueueAsync(sponsor, group) is { Count: 1 } items ? items : null,
            "the first flag to reach the review queue");
        // The facilitator's count of what waits for review includes chat messages.
        (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("pendingReviews").GetInt32().ShouldBe(1);
        // One flag of two: the message still shows.
        (await MessageAsync(author, group, number)).GetProperty("held").GetBoolean().ShouldBeFalse();

        (await second.ChatFlagAsync(group, number, "Hurtful too")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        JsonElement held = default;
        await Eventually.TrueAsync(async () => (held = await MessageAsync(first, group, number)).GetProperty("held").GetBoolean(),
            "the second flag to hide the message in the chat");
        held.GetProperty("source").GetString().ShouldBeEmpty();
        held.GetProperty("html").GetString().ShouldBeEmpty();
        (await MessageAsync(author, group, number)).GetProperty("source").GetString().ShouldBeEmpty("hidden for everyone in the chat, its author too");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var page = await first.Session.GetStringAsync($"/groups/{slug}/chat");
        page.ShouldContain("Hidden until a facilitator reviews the flags on it.");
        page.ShouldNotContain("Something hurtful");
        // The facilitator still reads it in the queue.
        (await QueueAsync(sponsor, group)).Single().GetProperty("excerpt").GetString().ShouldBe("Something hurtful");

        (await ResolveAsync(sponsor, group, queue[0].GetProperty("messageId").GetGuid(), "Dismiss")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        JsonElement shown = default;
        await Eventually.TrueAsync(async () => !(shown = await MessageAsync(first, group, number)).GetProperty("held").GetBoolean(),
            "the dismissal to show the message again");
        shown.GetProperty("source").GetString().ShouldBe("Something hurtful");
    }

    private static async Task<JsonElement> MessageAsync(TestMember member, Guid group, int number) =>
        (await (await member.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").EnumerateArray()
        .Single(m => m.GetProperty("number").GetInt32() == number);

    private static async Task<List<JsonElement>> QueueAsync(TestMember facilitator, Guid group) =>
        (await (await facilitator.Session.GetAsync($"{DiscussionsApi.Forum(group)}/review/chat-messages")).JsonAsync())
        .GetProperty("items").EnumerateArray().ToList();

    private static Task<HttpResponseMessage> ResolveAsync(TestMember member, Guid group, Guid messageId, string decision, string? message = null) =>
        member.Session.PostAsJsonAsync($"{DiscussionsApi.Forum(group)}/review/chat-messages/{messageId}/resolve", new { decision, message });
}
