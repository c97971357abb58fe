using OCoP.BuildingBlocks.Live;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Engagement.Live;

/// <summary>
/// A member who leaves, is removed or banned from, or lapses out of a group stops receiving its live messages at once:
/// their connections leave the group's channels. Public for Wolverine (docs/adr/0001).
/// </summary>
public static class LiveMembershipHandler
{
    public static Task Handle(MemberRemovedFromGroup e, ILiveConnections live, CancellationToken cancellationToken) =>
        live.DropMemberFromGroupAsync(e.GroupId, e.MemberId, cancellationToken);

    public static Task Handle(MemberLeftGroup e, ILiveConnections live, CancellationToken cancellationToken) =>
        live.DropMemberFromGroupAsync(e.GroupId, e.MemberId, cancellationToken);

    public static Task Handle(GroupMembershipLapsed e, ILiveConnections live, CancellationToken cancellationToken) =>
        live.DropMemberFromGroupAsync(e.GroupId, e.MemberId, cancellationToken);
}
