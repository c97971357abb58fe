using Marten;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Answers other modules' in-process question "who is this member to this group right now" from Membership's own
/// documents, for the moments their replica may be behind (docs/adr/0010-group-access.md). Public for Wolverine.
/// </summary>
public static class GroupStandingHandler
{
    public static async Task<GroupIdBySlug> Handle(GetGroupIdBySlug query, IMembershipStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var group = await session.Query<Group>().FirstOrDefaultAsync(g => g.Slug == query.Slug, cancellationToken);
        return new GroupIdBySlug(group?.Id);
    }

    public static async Task<GroupStanding> Handle(GetGroupStanding query, IMembershipStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var group = await session.LoadAsync<Group>(query.GroupId, cancellationToken);
        if (group is null)
        {
            return new GroupStanding(query.GroupId, false, "", "", default, default, false, [], false, false, null);
        }

        var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(query.GroupId, query.MemberId), cancellationToken);
        var active = membership is { IsActive: true };
        return new GroupStanding(group.Id, true, group.Slug, group.Name, group.Visibility, group.Status, active,
            active ? [.. membership!.Roles] : [], membership?.State == GroupMembershipState.Invited,
            membership?.State == GroupMembershipState.Banned, active ? membership!.JoinedAt : null);
    }
}
