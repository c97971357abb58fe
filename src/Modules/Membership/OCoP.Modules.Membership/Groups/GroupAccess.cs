using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Groups;

/// <summary>A group as seen by the caller: their membership, if any, and what that lets them do.</summary>
internal sealed record GroupContext(Group Group, GroupMembership? Membership, Guid? CallerId, bool IsSiteAdministrator)
{
    public bool IsMember => Membership is { IsActive: true };

    public IReadOnlyList<GroupRole> Roles => IsMember ? Membership!.Roles : [];

    /// <summary>Secret groups exist only for their members, their invitees and site administrators.</summary>
    public bool CanSee => Group.Visibility != GroupVisibility.Secret || IsMember || IsSiteAdministrator ||
                          Membership?.State == GroupMembershipState.Invited;

    public bool MustAcceptCodeOfConduct => IsMember && Membership!.AcceptedCodeOfConductVersion < Group.CodeOfConductVersion;

    /// <summary>
    /// Whether the caller may do this here. Reading and following a public group's content is open to everyone who can
    /// see it; everything else, including a members-only group's content, follows the member's roles.
    /// </summary>
    public bool Can(GroupAction action) =>
        CanSee && (IsSiteAdministrator ||
                   (action is GroupAction.Read or GroupAction.Follow && Group.Visibility == GroupVisibility.Public) ||
                   (IsMember && GroupPermissions.Allows(Roles, action)));

    /// <summary>The group's home (name, charter, code of conduct) is shown to whoever can see the group at all.</summary>
    public GroupContext RequireVisible() => CanSee ? this : throw ProblemException.NotFound("The group");

    /// <summary>404 for a group the caller may not see, 403 for an action their roles do not allow, 409 when archived.</summary>
    public GroupContext Require(GroupAction action)
    {
        RequireVisible();
        if (!Can(action))
        {
            throw ProblemException.Forbidden($"Your role in this group does not allow this ({action}).");
        }

        if (Group.Status is GroupStatus.Archived or GroupStatus.Closed && action is not (GroupAction.Read or GroupAction.Follow or GroupAction.ArchiveOrClose))
        {
            throw ProblemException.Conflict($"The group is {Group.Status.ToString().ToLowerInvariant()}: it is read-only.");
        }

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
