using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

/// <summary>Everything one can do in a group that not everyone may do.</summary>
public enum GroupAction
{
    Read,
    Follow,
    Post,
    EditWiki,

    /// <summary>Edit protected wiki pages, protect or unprotect a page, mark a page reviewed, capture a discussion into the wiki.</summary>
    CurateWiki,
    VetResources,
    AcceptAnswers,
    ApproveMembers,
    InviteMembers,
    RemoveMembers,
    Moderate,
    ManageOrientation,
    ManageEvents,
    PublishCodeOfConduct,
    AssignRoles,
    AssignFacilitators,
    EditCharter,
    ChangeSettings,
    ArchiveOrClose,
}

/// <summary>
/// The permission matrix of a practice group (documented in docs/groups.md). Each role adds to the one before it:
/// readers read and follow; contributors post and edit the wiki; domain experts also curate the wiki (protected pages,
/// reviews), vet resources and accept answers;
/// facilitators also approve, invite and remove members, moderate, and manage orientation, events and the code of
/// conduct; sponsors also edit the charter and settings, assign roles including facilitators, and archive or close.
/// Site administrators may do everything in every group.
/// </summary>
public static class GroupPermissions
{
    private static readonly Dictionary<GroupRole, GroupAction[]> Granted = new()
    {
        [GroupRole.Reader] = [GroupAction.Read, GroupAction.Follow],
        [GroupRole.Contributor] = [GroupAction.Read, GroupAction.Follow, GroupAction.Post, GroupAction.EditWiki],
        [GroupRole.DomainExpert] =
        [
            GroupAction.Read, GroupAction.Follow, GroupAction.Post, GroupAction.EditWiki, GroupAction.CurateWiki, GroupAction.VetResources,
            GroupAction.AcceptAnswers,
        ],
        [GroupRole.Facilitator] =
        [
            GroupAction.Read, GroupAction.Follow, GroupAction.Post, GroupAction.EditWiki, GroupAction.CurateWiki, GroupAction.VetResources,
            GroupAction.AcceptAnswers,
            GroupAction.ApproveMembers, GroupAction.InviteMembers, GroupAction.RemoveMembers, GroupAction.Moderate, GroupAction.ManageOrientation,
            GroupAction.ManageEvents, GroupAction.PublishCodeOfConduct, GroupAction.AssignRoles, GroupAction.EditCharter,
        ],
        [GroupRole.Sponsor] = Enum.GetValues<GroupAction>(),
    };

    public static bool Allows(IEnumerable<GroupRole> roles, GroupAction action) => roles.Any(role => Granted[role].Contains(action));

    /// <summary>Facilitators may grant and revoke the roles below theirs; only sponsors touch facilitators and sponsors.</summary>
    public static GroupAction ToAssign(GroupRole role) =>
        role is GroupRole.Facilitator or GroupRole.Sponsor ? GroupAction.AssignFacilitators : GroupAction.AssignRoles;
}
