using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Issue 17: a group's chat through the HTTP API: history paging, edit and delete, moderation, bad input, the rate limit.</summary>
public sealed class ChatTests(ChatApp app) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task History_pages_newest_first_with_a_cursor_and_skips_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Pager");
        var group = await sponsor.CreateGroupAsync("Chat Paging");
        for (var i = 1; i <= 7; i++)
        {
            await sponsor.ChatSendAsync(group, $"Message **{i}**");
        }

        var first = await (await sponsor.Session.ChatHistoryAsync(group, query: "?limit=3")).JsonAsync();
        first.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("number").GetInt32()).ShouldBe([7, 6, 5]);
        first.GetProperty("items")[0].GetProperty("html").GetString()!.ShouldContain("<strong>7</strong>");
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await (await sponsor.Session.ChatHistoryAsync(group, query: $"?limit=3&cursor={Uri.EscapeDataString(cursor)}")).JsonAsync();
        second.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("number").GetInt32()).ShouldBe([4, 3, 2]);
        var last = await (await sponsor.Session.ChatHistoryAsync(group,
            query: $"?limit=3&cursor={Uri.EscapeDataString(second.GetProperty("nextCursor").GetString()!)}")).JsonAsync();
        last.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("number").GetInt32()).ShouldBe([1]);
        last.GetProperty("nextCursor").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        (await (await sponsor.Session.ChatHistoryAsync(group, query: "?cursor=not-ours")).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task A_member_edits_and_deletes_their_own_messages_but_not_anothers()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Owner");
        var group = await sponsor.CreateGroupAsync("Chat Edits");
        var ana = await app.RegisterConfirmedAsync("Chat Ana");
        var ben = await app.RegisterConfirmedAsync("Chat Ben");
        (await ana.JoinAsync(group)).EnsureSuccessStatusCode();
        (await ben.JoinAsync(group)).EnsureSuccessStatusCode();
        var mine = (await ana.ChatSendAsync(group, "Tpyo here")).GetProperty("number").GetInt32();
        var bens = (await ben.ChatSendAsync(group, "Ben's words")).GetProperty("number").GetInt32();

        var edited = await (await ana.ChatEditAsync(group, mine, "Typo _fixed_")).JsonAsync();
        edited.GetProperty("html").GetString()!.ShouldContain("<em>fixed</em>");
        edited.GetProperty("editedAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);
        (await ana.ChatEditAsync(group, bens, "Not mine")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ana.ChatDeleteOwnAsync(group, bens)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await ana.ChatDeleteOwnAsync(group, mine)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var history = (await (await ana.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var tombstone = history.Single(m => m.GetProperty("number").GetInt32() == mine);
        tombstone.GetProperty("deleted").GetBoolean().ShouldBeTrue();
        tombstone.GetProperty("source").GetString().ShouldBeEmpty();
        history.Single(m => m.GetProperty("number").GetInt32() == bens).GetProperty("source").GetString().ShouldBe("Ben's words");
        (await ana.ChatEditAsync(group, mine, "Back again")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_facilitators_removal_and_a_members_flag_reach_the_groups_moderation_log()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Moderator");
        var group = await sponsor.CreateForumAsync();
        var spammer = await app.RegisterConfirmedAsync("Chat Spammer");
        var reader = await app.RegisterConfirmedAsync("Chat Flagger");
        (await spammer.JoinAsync(group)).EnsureSuccessStatusCode();
        (await reader.JoinAsync(group)).EnsureSuccessStatusCode();
        var spam = (await spammer.ChatSendAsync(group, "Buy cheap pens")).GetProperty("number").GetInt32();
        var rude = (await spammer.ChatSendAsync(group, "Rude words")).GetProperty("number").GetInt32();

        (await (await reader.ChatFlagAsync(group, rude, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["reason"]);
        (await reader.ChatFlagAsync(group, rude, "Rude")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sponsor.Session.ChatRemoveAsync(group, spam, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var log = await Eventually.FoundAsync(async () =>
        {
            var lines = await sponsor.ModerationLogAsync(group);
            return lines.Count >= 2 ? lines : null;
        }, "the chat moderation to reach the moderation log");
        var removal = log.Single(l => l.GetProperty("action").GetString()!.StartsWith("chat message deleted", StringComparison.Ordinal));
        removal.GetProperty("reason").GetString().ShouldBe("Spam");
        removal.GetProperty("memberId").GetGuid().ShouldBe(spammer.Id);
        removal.GetProperty("moderatorId").GetGuid().ShouldBe(sponsor.Id);
        var flag = log.Single(l => l.GetProperty("action").GetString()!.StartsWith("chat message flagged", StringComparison.Ordinal));
        flag.GetProperty("action").GetString()!.ShouldContain("Rude words");
        flag.GetProperty("moderatorId").GetGuid().ShouldBe(reader.Id);

        var history = (await (await reader.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        history.Single(m => m.GetProperty("number").GetInt32() == spam).GetProperty("deleted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_one_megabyte_message_is_refused_with_a_field_error_and_nothing_is_stored()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Big");
        var group = await sponsor.CreateGroupAsync("Chat Big");
        var response = await sponsor.Session.ChatPostAsync(group, new string('a', 1024 * 1024));
        (await response.ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await (await sponsor.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await sponsor.Session.ChatPostAsync(group, "   ")).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
    }

    [Fact]
    public async Task A_hundred_messages_a_second_from_one_member_are_refused_with_429_and_retry_after()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Flood");
        var group = await sponsor.CreateGroupAsync("Chat Flood");
        var responses = await Task.WhenAll(Enumerable.Range(1, 100).Select(i => sponsor.Session.ChatPostAsync(group, $"Flood {i}")));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.Count.ShouldBeGreaterThan(0);
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        (accepted + refused.Count).ShouldBe(100);
        var problem = await refused[0].ProblemAsync(429);
        problem.GetProperty("detail").GetString()!.ShouldContain("faster than");
        refused[0].Headers.RetryAfter.ShouldNotBeNull();
        var stored = (await (await sponsor.Session.ChatHistoryAsync(group, query: "?limit=100")).JsonAsync()).GetProperty("items").GetArrayLength();
        stored.ShouldBe(accepted);
    }

    [Fact]
    public async Task Facilitators_add_topic_channels_and_each_channel_keeps_its_own_unread_count()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Channels");
        var group = await sponsor.CreateGroupAsync("Chat Channels");
        var member = await app.RegisterConfirmedAsync("Chat Reader");
        (await member.JoinAsync(group)).EnsureSuccessStatusCode();

        var created = await sponsor.Session.CreateChannelAsync(group, "lesson-study", "Planning the lesson study");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var topicChannel = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await (await sponsor.Session.CreateChannelAsync(group, "lesson-study")).ProblemAsync(400)).ErrorFields().ShouldBe(["name"]);
        (await (await sponsor.Session.CreateChannelAsync(group, "Not A Name!")).ProblemAsync(400)).ErrorFields().ShouldBe(["name"]);

        await sponsor.ChatSendAsync(group, "In the general room");
        await sponsor.ChatSendAsync(group, "Two", topicChannel);
        var three = (await sponsor.ChatSendAsync(group, "Three", topicChannel)).GetProperty("number").GetInt32();

        var channels = await member.ChannelListAsync(group);
        channels.Select(c => c.GetProperty("name").GetString()).ShouldBe(["general", "lesson-study"]);
        channels[0].GetProperty("id").GetGuid().ShouldBe(group);
        channels[0].GetProperty("unread").GetInt32().ShouldBe(1);
        channels[1].GetProperty("unread").GetInt32().ShouldBe(2);

        var read = await (await member.Session.PostAsJsonAsync($"{ChatApi.Channels(group)}/{topicChannel}/read", new { number = three })).JsonAsync();
        read.GetProperty("unread").GetInt32().ShouldBe(0);
        (await member.ChannelListAsync(group))[1].GetProperty("unread").GetInt32().ShouldBe(0);
        (await member.ChannelListAsync(group))[0].GetProperty("unread").GetInt32().ShouldBe(1, "read markers are per channel");
        (await sponsor.ChannelListAsync(group))[1].GetProperty("unread").GetInt32().ShouldBe(0, "writing marks the channel read for the writer");
    }
}
