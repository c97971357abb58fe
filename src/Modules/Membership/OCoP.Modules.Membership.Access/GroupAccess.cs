using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Membership.Access;

/// <summary>
/// Loads a <see cref="GroupViewer"/> in a module that keeps the replica. The replica is the fast path (anonymous
/// visitors, pages, fan-out); Membership is asked in process (<see cref="GetGroupStanding"/>) where the replica may be
/// behind the caller's own last action: before every write, and on reads when it does not know the signed-in caller as
/// a member. So a member whose join was just answered reads and posts at once, and a removed or banned member is
/// refused at once (docs/adr/0010-group-access.md).
/// </summary>
public static class GroupAccess
{
    /// <summary>For reading and showing: the replica, confirmed with Membership for a signed-in caller it does not know as a member.</summary>
    public static async Task<GroupViewer> ForReadAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember caller,
        CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(groupId, cancellationToken);
        if (!caller.IsAuthenticated)
        {
            return group is { IsKnown: true } ? GroupViewer.Of(group, null, null, false) : throw ProblemException.NotFound("The group");
        }

        var membership = await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(groupId, caller.Id), cancellationToken);
        return group is { IsKnown: true } && membership is { Active: true }
            ? GroupViewer.Of(group, membership, caller.Id, caller.IsSiteAdministrator)
            : await AskMembershipAsync(bus, groupId, caller, cancellationToken);
    }

    /// <summary>For a write: a signed-in caller's standing always comes from Membership itself.</summary>
    public static async Task<GroupViewer> ForWriteAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember caller,
        CancellationToken cancellationToken) =>
        caller.IsAuthenticated
            ? await AskMembershipAsync(bus, groupId, caller, cancellationToken)
            : await ForReadAsync(session, bus, groupId, caller, cancellationToken);

    /// <summary>
    /// The group's id from the replica, else from Membership (<see cref="GetGroupIdBySlug"/>): right after a member created
    /// the group the replica may not know its slug yet, and they must see their own write at once.
    /// </summary>
    public static async Task<Guid> IdOfAsync(IQuerySession session, IMessageBus bus, string slug, CancellationToken cancellationToken)
    {
        var group = await session.Query<GroupFacts>().FirstOrDefaultAsync(g => g.Slug == slug, cancellationToken);
        if (group is not null)
        {
            return group.Id;
        }

        var asked = await bus.InvokeAsync<GroupIdBySlug>(new GetGroupIdBySlug(slug), cancellationToken);
        return asked.GroupId ?? throw ProblemException.NotFound("The group");
    }

    private static async Task<GroupViewer> AskMembershipAsync(IMessageBus bus, Guid groupId, CurrentMember caller, CancellationToken cancellationToken)
    {
        var standing = await bus.InvokeAsync<GroupStanding>(new GetGroupStanding(groupId, caller.Id), cancellationToken);
        return standing.GroupExists
            ? GroupViewer.Of(standing, caller.Id, caller.IsSiteAdministrator)
            : throw ProblemException.NotFound("The group");
    }
}
