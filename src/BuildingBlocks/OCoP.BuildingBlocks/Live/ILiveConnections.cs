namespace OCoP.BuildingBlocks.Live;

/// <summary>
/// The live connections of members, as a module's public Wolverine handler reaches them: the hub and its registry are
/// internal to Engagement, and a public handler cannot take an internal type (docs/adr/0037-live-connections-signalr.md).
/// </summary>
public interface ILiveConnections
{
    /// <summary>
    /// Takes every live connection of the member out of the group's live groups at once (chat channels, topic pages of
    /// the group): they stop receiving its messages. Connections on this host; with a backplane each host drops its own.
    /// </summary>
    Task DropMemberFromGroupAsync(Guid groupId, Guid memberId, CancellationToken cancellationToken);

    /// <summary>Whether the member has a live connection on this host (so that work for nobody is skipped).</summary>
    bool IsConnected(Guid memberId);

    /// <summary>Sends an event to every connection of one member.</summary>
    Task SendToMemberAsync(Guid memberId, string eventName, object payload, CancellationToken cancellationToken);

    /// <summary>Sends an event to every connection that joined a live group (a channel, a topic page).</summary>
    Task SendToGroupAsync(string liveGroup, string eventName, object payload, CancellationToken cancellationToken);
}
