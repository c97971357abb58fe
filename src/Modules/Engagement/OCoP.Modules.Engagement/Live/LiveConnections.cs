using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using OCoP.BuildingBlocks.Live;

namespace OCoP.Modules.Engagement.Live;

/// <summary>Someone present in a channel now.</summary>
internal sealed record PresentMember(Guid MemberId, string DisplayName);

/// <summary>
/// This host's live connections: whose each one is, and which chat channels (of which group) it joined. Answers who is
/// present in a channel, and lets a membership change drop a member's connections from a group's channels at once.
/// Presence is kept per channel (member → how many of their connections are in it), so a join, a leave or a disconnect
/// costs the same however many connections the host holds, and the channel is told only of a change: a member's first
/// connection arriving, their last one leaving (docs/chat.md).
/// </summary>
internal sealed class LiveConnections(IHubContext<LiveHub> hub) : ILiveConnections
{
    /// <summary>
    /// A chat channel (or, with an empty channel id, a topic page) the connection joined, with the practice group whose
    /// rule let it in. The SignalR group's name is derived when needed, not kept: a host holds thousands of these.
    /// </summary>
    private readonly record struct Joined(Guid GroupId, Guid ChannelId, Guid TopicId)
    {
        public string LiveGroup => ChannelId != Guid.Empty ? LiveGroups.Channel(ChannelId) : LiveGroups.Topic(TopicId);
    }

    /// <summary>
    /// One connection: whose it is and what it joined. The list is short (a page joins one channel or topic, a chat page
    /// a few) and only touched under <see cref="gate"/>; a concurrent dictionary per connection cost about 600 bytes
    /// each at 10,000 connections (docs/performance.md).
    /// </summary>
    private sealed class Connection(Guid memberId, string displayName)
    {
        public Guid MemberId { get; } = memberId;
        public string DisplayName { get; } = displayName;
        public List<Joined> Joined { get; } = new(1);
    }

    /// <summary>One member in one channel: their name and how many of their connections joined it.</summary>
    private sealed class Presence(string displayName)
    {
        public string DisplayName { get; } = displayName;
        public int Connections { get; set; }
    }

    private readonly ConcurrentDictionary<string, Connection> connections = new();

    // The indexes below change together under this lock; each change is a few dictionary operations.
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, int> connectionsPerMember = [];
    private readonly Dictionary<Guid, Dictionary<Guid, Presence>> presenceByChannel = [];

    public void Connected(string connectionId, Guid memberId, string displayName)
    {
        lock (gate)
        {
            if (connections.TryAdd(connectionId, new Connection(memberId, displayName)))
            {
                connectionsPerMember[memberId] = connectionsPerMember.GetValueOrDefault(memberId) + 1;
            }
        }
    }

    /// <summary>The channels the member is no longer present in now that this connection is gone, to tell them.</summary>
    public IReadOnlyList<(Guid ChannelId, PresentMember Member)> Disconnected(string connectionId)
    {
        lock (gate)
        {
            if (!connections.TryRemove(connectionId, out var connection))
            {
                return [];
            }

            var left = connectionsPerMember.GetValueOrDefault(connection.MemberId) - 1;
            if (left > 0)
            {
                connectionsPerMember[connection.MemberId] = left;
            }
            else
            {
                connectionsPerMember.Remove(connection.MemberId);
            }

            return [.. connection.Joined.Where(j => j.ChannelId != Guid.Empty && Depart(j.ChannelId, connection))
                .Select(j => (j.ChannelId, new PresentMember(connection.MemberId, connection.DisplayName)))];
        }
    }

    /// <summary>Joins a chat channel; whether the member just became present there (their first connection in it).</summary>
    public bool Join(string connectionId, Guid groupId, Guid channelId)
    {
        lock (gate)
        {
            var joined = new Joined(groupId, channelId, Guid.Empty);
            if (!connections.TryGetValue(connectionId, out var connection) || connection.Joined.Contains(joined))
            {
                return false; // unknown connection, or joined again (a reconnecting page): no change
            }

            connection.Joined.Add(joined);

            if (!presenceByChannel.TryGetValue(channelId, out var present))
            {
                presenceByChannel[channelId] = present = [];
            }

            if (!present.TryGetValue(connection.MemberId, out var presence))
            {
                present[connection.MemberId] = presence = new Presence(connection.DisplayName);
            }

            return ++presence.Connections == 1;
        }
    }

    /// <summary>Records a live group that is not a chat channel (a topic page), so a removal from the group drops it too.</summary>
    public void JoinTopic(string connectionId, Guid groupId, Guid topicId)
    {
        lock (gate)
        {
            var joined = new Joined(groupId, Guid.Empty, topicId);
            if (connections.TryGetValue(connectionId, out var connection) && !connection.Joined.Contains(joined))
            {
                connection.Joined.Add(joined);
            }
        }
    }

    /// <summary>Leaves a chat channel; the member who is no longer present there, if this was their last connection in it.</summary>
    public PresentMember? Leave(string connectionId, Guid channelId)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var connection))
            {
                return null;
            }

            var departed = false;
            foreach (var joined in connection.Joined.Where(j => j.ChannelId == channelId).ToList())
            {
                departed |= connection.Joined.Remove(joined) && Depart(channelId, connection);
            }

            return departed ? new PresentMember(connection.MemberId, connection.DisplayName) : null;
        }
    }

    /// <summary>One connection of the member out of the channel's presence; true when it was their last. Under the lock.</summary>
    private bool Depart(Guid channelId, Connection connection)
    {
        if (!presenceByChannel.TryGetValue(channelId, out var present) || !present.TryGetValue(connection.MemberId, out var presence))
        {
            return false;
        }

        if (--presence.Connections > 0)
        {
            return false;
        }

        present.Remove(connection.MemberId);
        if (present.Count == 0)
        {
            presenceByChannel.Remove(channelId);
        }

        return true;
    }

    public bool IsIn(string connectionId, Guid channelId)
    {
        lock (gate)
        {
            return connections.TryGetValue(connectionId, out var connection) && connection.Joined.Exists(j => j.ChannelId == channelId);
        }
    }

    /// <summary>Each member with at least one connection in the channel, once, by name.</summary>
    public IReadOnlyList<PresentMember> PresentIn(Guid channelId)
    {
        lock (gate)
        {
            return presenceByChannel.TryGetValue(channelId, out var present)
                ? [.. present.Select(p => new PresentMember(p.Key, p.Value.DisplayName)).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)]
                : [];
        }
    }

    /// <summary>Tells the channel that one member arrived or left (the whole list comes with each join's answer).</summary>
    public Task SendPresenceAsync(Guid channelId, PresentMember member, bool here, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveGroups.Channel(channelId)).SendAsync(LiveEvents.Presence,
            new { channelId, memberId = member.MemberId, displayName = member.DisplayName, here }, cancellationToken);

    public async Task DropMemberFromGroupAsync(Guid groupId, Guid memberId, CancellationToken cancellationToken)
    {
        List<(string ConnectionId, Joined Joined)> dropped;
        lock (gate)
        {
            dropped = [.. connections.Where(c => c.Value.MemberId == memberId)
                .SelectMany(c => c.Value.Joined.Where(j => j.GroupId == groupId).Select(j => (c.Key, j)))];
        }

        foreach (var (connectionId, joined) in dropped)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, joined.LiveGroup, cancellationToken);
            if (joined.ChannelId == Guid.Empty)
            {
                lock (gate)
                {
                    if (connections.TryGetValue(connectionId, out var connection))
                    {
                        connection.Joined.Remove(joined);
                    }
                }

                continue;
            }

            var departed = Leave(connectionId, joined.ChannelId);
            await hub.Clients.Client(connectionId).SendAsync(LiveEvents.Removed, new { groupId, channelId = joined.ChannelId }, cancellationToken);
            if (departed is not null)
            {
                await SendPresenceAsync(joined.ChannelId, departed, false, cancellationToken);
            }
        }
    }

    public bool IsConnected(Guid memberId)
    {
        lock (gate)
        {
            return connectionsPerMember.ContainsKey(memberId);
        }
    }

    public Task SendToMemberAsync(Guid memberId, string eventName, object payload, CancellationToken cancellationToken) =>
        hub.Clients.User(memberId.ToString()).SendAsync(eventName, payload, cancellationToken);

    public Task SendToGroupAsync(string liveGroup, string eventName, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Group(liveGroup).SendAsync(eventName, payload, cancellationToken);
}
