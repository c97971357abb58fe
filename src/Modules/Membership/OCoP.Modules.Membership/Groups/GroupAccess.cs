using OCoP.Modules.Membership.Access;
using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// A group as seen by the caller: their membership, if any, and what that lets them do. The rule itself is the shared
/// one (<see cref="GroupViewer"/>, docs/adr/0010-group-access.md), applied here over Membership's own documents.
/// </summary>
internal sealed record GroupContext(Group Group, GroupMembership? Membership, Guid? CallerId, bool IsSiteAdministrator)
{
    public GroupViewer Viewer { get; } = new(Group.Id, Group.Slug, Group.Name, Group.Visibility, Group.Status, CallerId,
        Membership is { IsActive: true }, Membership is { IsActive: true } ? Membership.Roles : [],
        Membership?.State == GroupMembershipState.Invited, IsSiteAdministrator, Membership?.JoinedAt);

    public bool IsMember => Viewer.IsMember;

    public IReadOnlyList<GroupRole> Roles => Viewer.Roles;

    public bool CanSee => Viewer.CanSee;

    public bool MustAcceptCodeOfConduct => IsMember && Membership!.AcceptedCodeOfConductVersion < Group.CodeOfConductVersion;

    public bool Can(GroupAction action) => Viewer.Can(action);

    /// <summary>The group's home (name, charter, code of conduct) is shown to whoever can see the group at all.</summary>
    public GroupContext RequireVisible()
    {
        Viewer.RequireVisible();
        return this;
    }

    /// <summary>404 for a group the caller may not see, 401/403 for an action they may not do, 409 when read-only.</summary>
    public GroupContext Require(GroupAction action)
    {
        Viewer.RequireToChange(action);
        return this;
    }
}

internal static class GroupAccess
{
    public static async Task<GroupContext> LoadAsync(IQuerySession session, Guid groupId, CurrentMember caller, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<Group>(groupId, cancellationToken) ?? throw ProblemException.NotFound("The group");
        return await ForAsync(session, group, caller, cancellationToken);
    }

    public static async Task<GroupContext> ForAsync(IQuerySession session, Group group, CurrentMember caller, CancellationToken cancellationToken)
    {
        Guid? callerId = caller.IsAuthenticated ? caller.Id : null;
        var membership = callerId is { } id
            ? await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(group.Id, id), cancellationToken)
            : null;
        return new GroupContext(group, membership, callerId, caller.IsSiteAdministrator);
    }
}
