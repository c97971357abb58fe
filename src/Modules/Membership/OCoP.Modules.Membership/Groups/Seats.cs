using Marten;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Taking and freeing seats. Every change of <see cref="Group.MemberCount"/> stores the group, whose optimistic
/// concurrency makes two sessions that both saw the last free seat conflict: one commits, the other gets a 409.
/// </summary>
internal static class Seats
{
    /// <summary>Makes the membership active if a seat is free, otherwise puts it on the waiting list. True when it joined.</summary>
    public static async Task<bool> TakeOrWaitAsync(IDocumentSession session, IMessageBus bus, Group group, GroupMembership membership,
        IReadOnlyList<GroupRole> roles, DateTimeOffset now)
    {
        if (group.IsFull)
        {
            membership.State = GroupMembershipState.WaitingList;
            membership.Since = now;
            session.Store(membership);
            session.Store(group); // the version check still guards the count read above
            return false;
        }

        membership.State = GroupMembershipState.Active;
        membership.Roles = roles.ToList();
        membership.Since = now;
        membership.JoinedAt ??= now;
        await MembershipTerms.StartAsync(bus, group, membership, now);
        group.MemberCount++;
        group.LastActivityAt = now;
        session.Store(membership);
        session.Store(group);
        await bus.PublishAsync(new MemberJoinedGroup(group.Id, membership.MemberId, membership.Roles, now));
        return true;
    }

    /// <summary>Frees one seat and gives it to whoever has waited longest.</summary>
    public static async Task FreeAsync(IDocumentSession session, IMessageBus bus, Group group, DateTimeOffset now)
    {
        group.MemberCount = Math.Max(0, group.MemberCount - 1);
        session.Store(group);
        if (group.IsFull)
        {
            return;
        }

        var next = await session.Query<GroupMembership>()
            .Where(m => m.GroupId == group.Id && m.State == GroupMembershipState.WaitingList)
            .OrderBy(m => m.Since)
            .FirstOrDefaultAsync();
        if (next is not null)
        {
            await TakeOrWaitAsync(session, bus, group, next, next.Roles.Count > 0 ? next.Roles : [GroupRole.Contributor], now);
        }
    }
}
