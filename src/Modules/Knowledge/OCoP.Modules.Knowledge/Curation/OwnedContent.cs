using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Knowledge.Curation;

/// <summary>
/// Who removes a blog post, comment, resource or file: its author (while they may still post in the group) or a
/// facilitator or sponsor (<see cref="GroupAction.Moderate"/>); 403 for the others, who may read it.
/// </summary>
internal static class OwnedContent
{
    public static GroupViewer RequireToRemove(this GroupViewer group, Guid ownerId, string what)
    {
        if (group.ViewerId == ownerId)
        {
            return group.RequireToChange(GroupAction.Post);
        }

        group.RequireToChange(GroupAction.Read);
        return group.Can(GroupAction.Moderate) ? group.RequireWritable() : throw ProblemException.Forbidden($"Only its author or a facilitator removes {what}.");
    }

    public static bool CanRemove(this GroupViewer group, Guid ownerId) =>
        MayRemove(group.IsReadOnly, group.ViewerId == ownerId, group.Can(GroupAction.Post), group.Can(GroupAction.Moderate));

    /// <summary>The rule itself, for pages that hold the viewer's abilities rather than the <see cref="GroupViewer"/>.</summary>
    public static bool MayRemove(bool readOnly, bool own, bool canPost, bool canModerate) => !readOnly && (own ? canPost : canModerate);
}
