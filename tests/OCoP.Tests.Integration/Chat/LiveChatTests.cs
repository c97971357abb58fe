using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Issue 17: the live connection with two real SignalR clients: delivery, presence, typing, refusals, removal.</summary>
public sealed class LiveChatTests(ChatApp app) : IClassFixture<ChatApp>
{
    /// <summary>What one client received, by event name, in order.</summary>
    private sealed class Inbox
    {
        private readonly ConcurrentQueue<(string Event, JsonElement Payload)> received = new();

        public Inbox(HubConnection connection)
        {
            foreach (var name in new[] { "message", "messageChanged", "typing", "presence", "removed" })
            {
                connection.On<JsonElement>(name, payload => received.Enqueue((name, payload)));
            }
        }

        public IReadOnlyList<JsonElement> Of(string name) => [.. received.Where(r => r.Event == name).Select(r => r.Payload)];

        public async Task<JsonElement> WaitAsync(string name, Func<JsonElement, bool> match, string what)
        {
            JsonElement found = default;
            await Eventually.TrueAsync(() =>
            {
                var hits = Of(name).Where(match).ToList();
                found = hits.FirstOrDefault();
                return hits.Count > 0;
            }, what);
            return found;
        }
    }

    [Fact]
    public async Task Members_in_a_channel_see_messages_presence_and_typing_of_each_other()
    {
        var (group, ana, ben) = await GroupOfTwoAsync("Live Room");
        await using var anaLive = await app.LiveConnectionAsync(ana);
        await using var benLive = await app.LiveConnectionAsync(ben);
        var anaInbox = new Inbox(anaLive);
        var benInbox = new Inbox(benLive);
        await anaLive.StartAsync(TestContext.Current.CancellationToken);
        await benLive.StartAsync(TestContext.Current.CancellationToken);

        var anaJoined = await anaLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken);
        anaJoined.GetProperty("name").GetString().ShouldBe("general");
        var benJoined = await benLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken);
        benJoined.GetProperty("present").EnumerateArray().Select(p => p.GetProperty("memberId").GetGuid()).ShouldBe([ana.Id, ben.Id], ignoreOrder: true);
        var arrived = await anaInbox.WaitAsync("presence", p => p.GetProperty("memberId").GetGuid() == ben.Id, "Ana to see Ben arrive");
        arrived.GetProperty("here").GetBoolean().ShouldBeTrue();
        arrived.GetProperty("displayName").GetString().ShouldBe(ben.DisplayName);
        // Joining the same channel again from the same connection (a page reconnecting) changes nobody's presence.
        (await benLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken))
            .GetProperty("present").GetArrayLength().ShouldBe(2);

        var sent = await anaLive.InvokeAsync<JsonElement>("Send", group, group, "Hello **Ben**", TestContext.Current.CancellationToken);
        sent.GetProperty("number").GetInt32().ShouldBe(1);
        var delivered = await benInbox.WaitAsync("message", m => m.GetProperty("number").GetInt32() == 1, "Ben to receive Ana's message");
        delivered.GetProperty("html").GetString()!.ShouldContain("<strong>Ben</strong>");
        delivered.GetProperty("authorName").GetString().ShouldBe(ana.DisplayName);

        await benLive.InvokeAsync("Typing", group, TestContext.Current.CancellationToken);
        var typing = await anaInbox.WaitAsync("typing", t => t.GetProperty("memberId").GetGuid() == ben.Id, "Ana to see Ben typing");
        typing.GetProperty("displayName").GetString().ShouldBe(ben.DisplayName);
        benInbox.Of("typing").ShouldBeEmpty("the typist is not told about themself");

        // A message sent over HTTP reaches the live channel too; an edit arrives as a change.
        var overHttp = (await ben.ChatSendAsync(group, "Typed in the form")).GetProperty("number").GetInt32();
        await anaInbox.WaitAsync("message", m => m.GetProperty("number").GetInt32() == overHttp, "Ana to receive Ben's form post");
        (await ben.ChatEditAsync(group, overHttp, "Edited")).EnsureSuccessStatusCode();
        await anaInbox.WaitAsync("messageChanged", m => m.GetProperty("source").GetString() == "Edited", "Ana to see the edit");

        var marker = await benLive.InvokeAsync<JsonElement>("MarkRead", group, group, 1, TestContext.Current.CancellationToken);
        marker.GetProperty("lastRead").GetInt32().ShouldBe(2, "writing already marked Ben's own message read; the marker never moves back");

        await benLive.StopAsync(TestContext.Current.CancellationToken);
        await anaInbox.WaitAsync("presence", p => p.GetProperty("memberId").GetGuid() == ben.Id && !p.GetProperty("here").GetBoolean(), "Ana to see Ben leave");
        anaInbox.Of("presence").Count(p => p.GetProperty("memberId").GetGuid() == ben.Id && p.GetProperty("here").GetBoolean())
            .ShouldBe(1, "Ben arrived once, however many times his connection joined");
    }

    [Fact]
    public async Task Joining_a_channel_of_a_group_one_is_not_in_is_refused_like_a_group_that_does_not_exist()
    {
        var (group, _, _) = await GroupOfTwoAsync("Live Closed", visibility: "Secret");
        var outsider = await app.RegisterConfirmedAsync("Live Outsider");
        await using var live = await app.LiveConnectionAsync(outsider);
        await live.StartAsync(TestContext.Current.CancellationToken);

        var refused = await Should.ThrowAsync<HubException>(() => live.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken));
        var none = await Should.ThrowAsync<HubException>(() =>
            live.InvokeAsync<JsonElement>("JoinChannel", Guid.NewGuid(), Guid.NewGuid(), TestContext.Current.CancellationToken));
        refused.Message.ShouldContain("The group was not found.");
        refused.Message.ShouldBe(none.Message);
        var typing = await Should.ThrowAsync<HubException>(() => live.InvokeAsync("Typing", group, TestContext.Current.CancellationToken));
        typing.Message.ShouldContain("Join the channel first.");
        await Should.ThrowAsync<HubException>(() => live.InvokeAsync<JsonElement>("Send", group, group, "Let me in", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_member_removed_from_the_group_stops_receiving_its_messages_at_once()
    {
        var (group, ana, ben) = await GroupOfTwoAsync("Live Removal");
        var cy = await app.RegisterConfirmedAsync("Live Cy");
        (await cy.JoinAsync(group)).EnsureSuccessStatusCode();
        await using var benLive = await app.LiveConnectionAsync(ben);
        await using var cyLive = await app.LiveConnectionAsync(cy);
        var benInbox = new Inbox(benLive);
        var cyInbox = new Inbox(cyLive);
        await benLive.StartAsync(TestContext.Current.CancellationToken);
        await cyLive.StartAsync(TestContext.Current.CancellationToken);
        await benLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken);
        await cyLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken);
        await ana.ChatSendAsync(group, "Before");
        await benInbox.WaitAsync("message", m => m.GetProperty("source").GetString() == "Before", "Ben to receive a message while a member");

        (await ana.RemoveAsync(group, ben.Id, "Spam", ban: true)).EnsureSuccessStatusCode();
        await benInbox.WaitAsync("removed", r => r.GetProperty("groupId").GetGuid() == group, "Ben's connection to be dropped from the group's channel");

        await ana.ChatSendAsync(group, "After");
        await cyInbox.WaitAsync("message", m => m.GetProperty("source").GetString() == "After", "Cy to receive the next message");
        benInbox.Of("message").Select(m => m.GetProperty("source").GetString()).ShouldBe(["Before"]);
        await Should.ThrowAsync<HubException>(() => benLive.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Flooding_over_the_live_connection_is_refused_with_a_clear_message()
    {
        var (group, ana, _) = await GroupOfTwoAsync("Live Flood");
        await using var live = await app.LiveConnectionAsync(ana);
        await live.StartAsync(TestContext.Current.CancellationToken);
        await live.InvokeAsync<JsonElement>("JoinChannel", group, group, TestContext.Current.CancellationToken);

        HubException? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            try
            {
                await live.InvokeAsync<JsonElement>("Send", group, group, $"Flood {i}", TestContext.Current.CancellationToken);
            }
            catch (HubException exception)
            {
                refused = exception;
            }
        }

        refused.ShouldNotBeNull("100 messages in a row are beyond the chat's rate");
        refused.Message.ShouldContain("429 Too many chat messages");
        refused.Message.ShouldContain("faster than");
        live.State.ShouldBe(HubConnectionState.Connected, "a refusal does not close the connection");
    }

    private async Task<(Guid Group, TestMember Ana, TestMember Ben)> GroupOfTwoAsync(string name, string visibility = "Public")
    {
        var ana = await app.RegisterConfirmedAsync($"{name} Ana");
        var group = await ana.CreateGroupAsync(name, visibility: visibility);
        var ben = await app.RegisterConfirmedAsync($"{name} Ben");
        if (visibility == "Public")
        {
            (await ben.JoinAsync(group)).EnsureSuccessStatusCode();
        }

        return (group, ana, ben);
    }
}
