using Marten;
using Marten.Patching;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Events.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Groups;

/// <summary>What a member does that ticks an orientation item by itself (issue 19, item 8).</summary>
internal enum OrientationAction
{
    None,
    IntroduceYourself,
    CompleteProfile,
    ReplyToSomeone,
    RsvpToEvent,
}

/// <summary>
/// Ticks the orientation items tied to what a member just did, from the events the owning modules already publish:
/// any post of theirs in the group introduces them, a reply answers someone, any answer to one of the group's events is
/// an RSVP. A completed profile is read from the member's own profile when the checklist is shown, so it needs no event.
/// The tick is a patch that adds the item id if missing: it cannot undo a role or state changed at the same moment.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class OrientationActionsHandler
{
    public static Task Handle(PostCreated created, IDocumentSession session, CancellationToken cancellationToken) =>
        TickAsync(session, created.GroupId, created.AuthorId,
            created.PostNumber > 1 ? [OrientationAction.IntroduceYourself, OrientationAction.ReplyToSomeone] : [OrientationAction.IntroduceYourself],
            cancellationToken);

    public static Task Handle(GroupEventRsvpChanged changed, IDocumentSession session, CancellationToken cancellationToken) =>
        TickAsync(session, changed.GroupId, changed.MemberId, [OrientationAction.RsvpToEvent], cancellationToken);

    private static async Task TickAsync(IDocumentSession session, Guid groupId, Guid memberId, OrientationAction[] actions,
        CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<Group>(groupId, cancellationToken);
        var items = group?.Orientation.Checklist.Where(i => actions.Contains(i.TickedBy())).Select(i => i.Id).ToList() ?? [];
        if (items.Count == 0)
        {
            return;
        }

        var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(groupId, memberId), cancellationToken);
        if (membership is not { IsActive: true })
        {
            return;
        }

        foreach (var item in items.Except(membership.OrientationDone))
        {
            session.Patch<GroupMembership>(membership.Id).AppendIfNotExists(m => m.OrientationDone, item);
        }
    }
}
