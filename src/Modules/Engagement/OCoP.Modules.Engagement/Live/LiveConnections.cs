using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using OCoP.BuildingBlocks.Live;

namespace OCoP.Modules.Engagement.Live;

/// <summary>Someone present in a channel now.</summary>
internal sealed record PresentMember(Guid MemberId, string DisplayName);

/// <summary>
/// This host's live connections: whose each one is, and which chat channels (of which group) it joined. Answers who is
/// present in a channel, and lets a membership change drop a member's connections from a group's channels at once.
/// </summary>
internal sealed class LiveConnections(IHubContext<LiveHub> hub) : ILiveConnections
{
    /// <summary>A live group the connection joined, with the practice group whose rule let it in.</summary>
    private sealed record Joined(Guid GroupId, Guid ChannelId, string LiveGroup);

    private sealed class Connection(Guid memberId, string displayName)
    {
        public Guid MemberId { get; } = memberId;
        public string DisplayName { get; } = displayName;
        public ConcurrentDictionary<Joined, bool> Channels { get; } = new();
    }

    private readonly ConcurrentDictionary<string, Connection> connections = new();

    public void Connected(string connectionId, Guid memberId, string displayName) => connections[connectionId] = new Connection(memberId, displayName);

    /// <summary>The channels the connection was in, to tell them it left.</summary>
    public IReadOnlyList<Guid> Disconnected(string connectionId) =>
        connections.TryRemove(connectionId, out var connection)
            ? [.. connection.Channels.Keys.Where(j => j.ChannelId != Guid.Empty).Select(j => j.ChannelId)]
            : [];

    public void Join(string connectionId, Guid groupId, Guid channelId) => JoinLiveGroup(connectionId, groupId, channelId, LiveGroups.Channel(channelId));

    /// <summary>Records a live group that is not a chat channel (a topic page), so a removal from the group drops it too.</summary>
    public void JoinTopic(string connectionId, Guid groupId, Guid topicId) => JoinLiveGroup(connectionId, groupId, Guid.Empty, LiveGroups.Topic(topicId));

    private void JoinLiveGroup(string connectionId, Guid groupId, Guid channelId, string liveGroup)
    {
        if (connections.TryGetValue(connectionId, out var connection))
        {
            connection.Channels[new Joined(groupId, channelId, liveGroup)] = true;
        }
    }

    public bool Leave(string connectionId, Guid channelId) =>
        connections.TryGetValue(connectionId, out var connection) &&
        connection.Channels.Keys.Where(j => j.ChannelId == channelId).ToList().Any(j => connection.Channels.TryRemove(j, out _));

    public bool IsIn(string connectionId, Guid channelId) =>
        connections.TryGetValue(connectionId, out var connection) && connection.Channels.Keys.Any(j => j.ChannelId == channelId);

    /// <summary>Each member with at least one connection in the channel, once.</summary>
    public IReadOnlyList<PresentMember> PresentIn(Guid channelId) =>
        [.. connections.Values.Where(c => c.Channels.Keys.Any(j => j.ChannelId == channelId))
            .GroupBy(c => c.MemberId).Select(g => new PresentMember(g.Key, g.First().DisplayName)).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)];

    public Task SendPresenceAsync(Guid channelId, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveGroups.Channel(channelId)).SendAsync(LiveEvents.Presence, new { channelId, present = PresentIn(channelId) }, cancellationToken);

    public async Task DropMemberFromGroupAsync(Guid groupId, Guid memberId, CancellationToken cancellationToken)
    {
        foreach (var (connectionId, connection) in connections.Where(c => c.Value.MemberId == memberId).ToList())
        {
            foreach (var joined in connection.Channels.Keys.Where(j => j.GroupId == groupId).ToList())
            {
                connection.Channels.TryRemove(joined, out _);
                await hub.Groups.RemoveFromGroupAsync(connectionId, joined.LiveGroup, cancellationToken);
                if (joined.ChannelId != Guid.Empty)
                {
                    await hub.Clients.Client(connectionId).SendAsync(LiveEvents.Removed, new { groupId, channelId = joined.ChannelId }, cancellationToken);
                    await SendPresenceAsync(joined.ChannelId, cancellationToken);
                }
            }
        }
    }

    public bool IsConnected(Guid memberId) => connections.Values.Any(c => c.MemberId == memberId);

    public Task SendToMemberAsync(Guid memberId, string eventName, object payload, CancellationToken cancellationToken) =>
        hub.Clients.User(memberId.ToString()).SendAsync(eventName, payload, cancellationToken);

    public Task SendToGroupAsync(string liveGroup, string eventName, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Group(liveGroup).SendAsync(eventName, payload, cancellationToken);
}
