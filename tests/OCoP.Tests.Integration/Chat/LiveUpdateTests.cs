using System.Collections.Concurrent;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OCoP.Modules.Membership.Access;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Issue 17: live updates over the same connection: the notification badge, new replies on an open topic.</summary>
public sealed class LiveUpdateTests(ChatApp app) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task A_mention_in_chat_notifies_the_member_and_updates_their_live_badge()
    {
        var sponsor = await app.RegisterConfirmedAsync("Badge Sponsor");
        var group = await sponsor.CreateGroupAsync("Badge Room");
        var mira = await app.RegisterConfirmedAsync("Badge Mira");
        (await mira.JoinAsync(group)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(group, mira.Id)) is { Active: true };
        }), "Engagement to know Mira as a member");

        await using var live = await app.LiveConnectionAsync(mira);
        var badges = new ConcurrentQueue<int>();
        live.On<JsonElement>("badge", b => badges.Enqueue(b.GetProperty("unread").GetInt32()));
        await live.StartAsync(TestContext.Current.CancellationToken);

        var sent = await sponsor.ChatSendAsync(group, "Welcome, @badge_mira!");
        sent.GetProperty("html").GetString()!.ShouldContain($"/members/{mira.Id}");

        await Eventually.TrueAsync(() => !badges.IsEmpty, "Mira's live badge to change");
        badges.Last().ShouldBe(1);
        var notifications = (await (await mira.Session.GetAsync("/api/engagement/notifications")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var mention = notifications.ShouldHaveSingleItem();
        mention.GetProperty("kind").GetString().ShouldBe("mentioned");
        mention.GetProperty("path").GetString()!.ShouldEndWith("#m1");
    }

    [Fact]
    public async Task A_page_watching_a_topic_hears_of_new_replies_and_only_where_the_group_rule_lets_it_read()
    {
        var sponsor = await app.RegisterConfirmedAsync("Topic Sponsor");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var reader = await app.RegisterConfirmedAsync("Topic Reader");
        await reader.JoinForumAsync(group);
        var started = await (await sponsor.StartTopicAsync(group, "Exit tickets", "Who uses them?")).JsonAsync();
        var topicId = started.GetProperty("topicId").GetGuid();

        await using var live = await app.LiveConnectionAsync(reader);
        var replies = new ConcurrentQueue<JsonElement>();
        live.On<JsonElement>("topicReply", r => replies.Enqueue(r));
        await live.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return await live.InvokeAsync<bool>("WatchTopic", group, topicId, TestContext.Current.CancellationToken);
            }
            catch (HubException)
            {
                return false; // Engagement learns the topic from TopicCreated a moment later
            }
        }, "the reader to watch the topic");

        await sponsor.ReplyAsync(group, started.GetProperty("number").GetInt32(), "Every Friday.");
        await Eventually.TrueAsync(() => !replies.IsEmpty, "the reader's page to hear of the reply");
        replies.Single().GetProperty("postNumber").GetInt32().ShouldBe(2);

        var outsider = await app.RegisterConfirmedAsync("Topic Outsider");
        await using var outsiderLive = await app.LiveConnectionAsync(outsider);
        await outsiderLive.StartAsync(TestContext.Current.CancellationToken);
        var refused = await Should.ThrowAsync<HubException>(() => outsiderLive.InvokeAsync<bool>("WatchTopic", group, topicId, TestContext.Current.CancellationToken));
        refused.Message.ShouldContain("403");
    }
}
