using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// Who may use a group's chat: the group's own rule (<see cref="GroupViewer"/>), narrowed to members, since chat is
/// the members' room even in a public group. Anyone else gets exactly the answer for a group that does not exist.
/// </summary>
internal static class ChatAccess
{
    public static GroupViewer RequireChat(this GroupViewer viewer) =>
        viewer.CanSee && (viewer.IsMember || viewer.IsSiteAdministrator) ? viewer : throw ProblemException.NotFound("The group");
}
