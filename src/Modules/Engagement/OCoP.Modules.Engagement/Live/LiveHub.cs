using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Chat;

namespace OCoP.Modules.Engagement.Live;

/// <summary>What a connection gets on joining a channel: where the channel is, how far the member read, who is here.</summary>
internal sealed record JoinedChannel(Guid ChannelId, string Name, int LastNumber, int LastRead, IReadOnlyList<PresentMember> Present);

/// <summary>
/// The one live connection of a signed-in page (SignalR, JSON protocol, mapped at <see cref="LiveUpdates.Path"/>): join a
/// chat channel (authorised by the group's rule, as the HTTP API), send, typing, mark read; presence changes follow joins,
/// leaves and disconnects. Every refusal reaches the caller as a <see cref="HubException"/> with the same words as the API's problem.
/// </summary>
internal sealed class LiveHub(ChatRoom chat, LiveConnections connections, IEngagementStore store, Wolverine.IMessageBus bus) : Hub
{
    public override async Task OnConnectedAsync()
    {
        // A cookie-signed connection from another site's page is refused, as cookie-signed API changes are (docs/adr/0027).
        var request = Context.GetHttpContext()?.Request;
        var origin = request?.Headers.Origin.ToString();
        if (request is not null && !string.IsNullOrEmpty(origin) && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            Context.Abort();
            return;
        }

        var me = Me();
        connections.Connected(Context.ConnectionId, me.Id, me.DisplayName);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var (channel, member) in connections.Disconnected(Context.ConnectionId))
        {
            await connections.SendPresenceAsync(channel, member, false, CancellationToken.None);
        }

        await base.OnDisconnectedAsync(exception);
    }

    public Task<JoinedChannel> JoinChannel(Guid groupId, Guid channelId) => Refusals(async () =>
    {
        var me = Me();
        var open = await chat.OpenAsync(groupId, channelId, me, Context.ConnectionAborted);
        var marker = await chat.ChannelsAsync(groupId, me, null, 100, Context.ConnectionAborted);
        var lastRead = marker.Items.FirstOrDefault(c => c.Id == open.Channel.Id)?.LastRead ?? 0;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Channel(open.Channel.Id), Context.ConnectionAborted);
        if (connections.Join(Context.ConnectionId, groupId, open.Channel.Id))
        {
            await connections.SendPresenceAsync(open.Channel.Id, new PresentMember(me.Id, me.DisplayName), true, Context.ConnectionAborted);
        }

        return new JoinedChannel(open.Channel.Id, open.Channel.Name, open.Channel.LastNumber, lastRead, connections.PresentIn(open.Channel.Id));
    });

    public async Task LeaveChannel(Guid channelId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Channel(channelId), Context.ConnectionAborted);
        if (connections.Leave(Context.ConnectionId, channelId) is { } departed)
        {
            await connections.SendPresenceAsync(channelId, departed, false, Context.ConnectionAborted);
        }
    }

    public Task<ChatMessageView> Send(Guid groupId, Guid channelId, string body) =>
        Refusals(() => chat.PostAsync(groupId, channelId, Me(), body, Context.ConnectionAborted));

    /// <summary>Tells the others in a channel this member is typing; only from a connection that joined the channel.</summary>
    public async Task Typing(Guid channelId)
    {
        if (!connections.IsIn(Context.ConnectionId, channelId))
        {
            throw new HubException("Join the channel first.");
        }

        var me = Me();
        await Clients.OthersInGroup(LiveGroups.Channel(channelId))
            .SendAsync(LiveEvents.Typing, new { channelId, memberId = me.Id, displayName = me.DisplayName }, Context.ConnectionAborted);
    }

    /// <summary>
    /// Receive "new replies" for a topic page; authorised as the page is (who may read the group's content), then the
    /// connection leaves it again when the member leaves a group they could read only as a member.
    /// </summary>
    public Task<bool> WatchTopic(Guid groupId, Guid topicId) => Refusals(async () =>
    {
        await using var session = store.QuerySession();
        (await OCoP.Modules.Membership.Access.GroupAccess.ForReadAsync(session, bus, groupId, Me(), Context.ConnectionAborted))
            .Require(OCoP.Modules.Membership.Access.GroupAction.Read);
        var topic = await session.LoadAsync<Follows.KnownTopic>(topicId, Context.ConnectionAborted);
        if (topic is null || topic.GroupId != groupId)
        {
            throw ProblemException.NotFound("The topic");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Topic(topicId), Context.ConnectionAborted);
        connections.JoinTopic(Context.ConnectionId, groupId, topicId);
        return true;
    });

    public Task<ReadMarkerView> MarkRead(Guid groupId, Guid channelId, int number) =>
        Refusals(() => chat.MarkReadAsync(groupId, channelId, number, Me(), Context.ConnectionAborted));

    /// <summary>The caller, from the connection's principal (a hub call has no request of its own to read it from).</summary>
    private CurrentMember Me() => new(new ConnectionUser(Context.User));

    /// <summary>A refusal by the rules becomes a message the client can show; anything else stays an error.</summary>
    private static async Task<T> Refusals<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ProblemException problem)
        {
            var field = problem.Errors?.Values.SelectMany(e => e).FirstOrDefault();
            throw new HubException($"{problem.Status} {problem.Title}: {field ?? problem.Detail}");
        }
    }

    private sealed class ConnectionUser(System.Security.Claims.ClaimsPrincipal? user) : IHttpContextAccessor
    {
        private HttpContext? context = new DefaultHttpContext { User = user ?? new System.Security.Claims.ClaimsPrincipal() };

        public HttpContext? HttpContext { get => context; set => context = value; }
    }
}
