using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

/// <summary>
/// A group as one viewer sees it, and THE rule of what they may do there: the same pure functions decide in Membership
/// (over its own documents) and in every module that keeps a replica (docs/adr/0010-group-access.md).
/// </summary>
public sealed record GroupViewer(
    Guid GroupId,
    string Slug,
    string Name,
    GroupVisibility Visibility,
    GroupStatus Status,
    Guid? ViewerId,
    bool IsMember,
    IReadOnlyList<GroupRole> Roles,
    bool IsInvited,
    bool IsSiteAdministrator,
    DateTimeOffset? JoinedAt)
{
    public bool IsAuthenticated => ViewerId is not null;

    /// <summary>Archived and closed groups stay readable and refuse every change.</summary>
    public bool IsReadOnly => Status is GroupStatus.Archived or GroupStatus.Closed;

    /// <summary>Secret groups exist only for their members, their invitees and site administrators.</summary>
    public bool CanSee => Visibility != GroupVisibility.Secret || IsMember || IsInvited || IsSiteAdministrator;

    /// <summary>A public group's content is for everyone who can see it; members-only and secret content for members.</summary>
    public bool CanRead => CanSee && (Visibility == GroupVisibility.Public || IsMember || IsSiteAdministrator);

    /// <summary>
    /// Whether the viewer may do this here. Reading and following a public group's content is open to everyone who can
    /// see it; everything else, including a members-only group's content, follows the member's roles.
    /// </summary>
    public bool Can(GroupAction action) =>
        action is GroupAction.Read ? CanRead
        : CanSee && (IsSiteAdministrator ||
                     (action is GroupAction.Follow && Visibility == GroupVisibility.Public) ||
                     (IsMember && GroupPermissions.Allows(Roles, action)));

    /// <summary>404 for a group the viewer may not see: the same answer as for a group that does not exist.</summary>
    public GroupViewer RequireVisible() => CanSee ? this : throw ProblemException.NotFound("The group");

    /// <summary>404 when unseen; 401 for an anonymous visitor and 403 for a signed-in non-member of a members-only group.</summary>
    public GroupViewer RequireRead()
    {
        RequireVisible();
        if (!CanRead)
        {
            throw IsAuthenticated
                ? ProblemException.Forbidden($"Only members of {Name} read its content: join the group first.")
                : ProblemException.Unauthorized();
        }

        return this;
    }

    /// <summary>404 when unseen, 401 when anonymous, 403 when the viewer's roles do not allow the action.</summary>
    public GroupViewer Require(GroupAction action)
    {
        RequireRead();
        if (action is GroupAction.Read)
        {
            return this;
        }

        if (!IsAuthenticated)
        {
            throw ProblemException.Unauthorized();
        }

        if (!Can(action))
        {
            throw ProblemException.Forbidden(action switch
            {
                GroupAction.Post => IsMember
                    ? $"Readers of {Name} do not post; a facilitator can make you a contributor."
                    : $"Join {Name} to post in it.",
                GroupAction.AcceptAnswers => "Only the asker, a domain expert or a facilitator accepts an answer.",
                GroupAction.Moderate => "Only the group's facilitators and sponsors do this.",
                _ => $"Your role in this group does not allow this ({action}).",
            });
        }

        return this;
    }

    /// <summary>409 when the group is archived or closed: it is read-only.</summary>
    public GroupViewer RequireWritable() =>
        IsReadOnly ? throw ProblemException.Conflict($"{Name} is {Status.ToString().ToLowerInvariant()}: it is read-only.") : this;

    /// <summary><see cref="Require"/>, then <see cref="RequireWritable"/> for every action that changes something.</summary>
    public GroupViewer RequireToChange(GroupAction action)
    {
        Require(action);
        return action is GroupAction.Read or GroupAction.Follow or GroupAction.ArchiveOrClose ? this : RequireWritable();
    }

    /// <summary>The viewer as a module's replica knows them.</summary>
    public static GroupViewer Of(GroupFacts group, MembershipFacts? membership, Guid? viewerId, bool isSiteAdministrator)
    {
        var active = membership is { Active: true };
        return new GroupViewer(group.Id, group.Slug, group.Name, group.Visibility, group.Status, viewerId, active,
            active ? membership!.Roles : [], IsInvited: false, isSiteAdministrator, active ? membership!.JoinedAt : null);
    }

    /// <summary>The viewer as Membership itself answered, when the replica may be behind.</summary>
    public static GroupViewer Of(GroupStanding standing, Guid viewerId, bool isSiteAdministrator) =>
        new(standing.GroupId, standing.Slug, standing.Name, standing.Visibility, standing.Status, viewerId, standing.IsMember,
            standing.IsMember ? standing.Roles : [], standing.IsInvited, isSiteAdministrator, standing.JoinedAt);
}
