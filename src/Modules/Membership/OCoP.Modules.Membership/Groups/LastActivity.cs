using Marten;
using Marten.Patching;
using OCoP.Modules.Discussions.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Other modules' activity keeps a group's <c>LastActivityAt</c> fresh, so the dormancy sweep sees a living group.
/// One conditional patch per event: no read, no conflict with a facilitator editing the group at the same moment.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class LastActivityHandler
{
    public static void Handle(PostCreated created, IDocumentSession session) => Touch(session, created.GroupId, created.CreatedAt);

    private static void Touch(IDocumentSession session, Guid groupId, DateTimeOffset at) =>
        session.Patch<Group>(g => g.Id == groupId && g.LastActivityAt < at).Set(g => g.LastActivityAt, at);
}
