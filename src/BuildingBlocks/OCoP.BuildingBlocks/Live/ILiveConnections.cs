namespace OCoP.BuildingBlocks.Live;

/// <summary>
/// The live connections of members, as a module's public Wolverine handler reaches them: the hub and its registry are
/// internal to Engagement, and a public handler cannot take an internal type (docs/adr/0036-group-chat-in-engagement.md).
/// </summary>
public interface ILiveConnections
{
    /// <summary>
    /// Takes every live connection of the member out of the group's live groups at once (chat channels, pages of the
    /// group): they stop receiving its messages. Connections on this host; with a backplane each host drops its own.
    /// </summary>
    Task DropMemberFromGroupAsync(Guid groupId, Guid memberId, CancellationToken cancellationToken);
}
