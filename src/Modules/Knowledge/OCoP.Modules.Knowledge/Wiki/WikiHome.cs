using MediatR;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>A group's wiki and blog as the pages address them (by the group's slug), and what the viewer may do in them.</summary>
internal static class WikiHome
{
    internal sealed record Query(string GroupSlug) : IRequest<View>;

    internal sealed record View(Guid GroupId, string GroupSlug, string GroupName, bool IsReadOnly, bool CanEdit, bool CanCurate, bool SignedIn,
        bool CanPost, bool IsPublic, Guid? ViewerId = null, bool CanModerate = false)
    {
        /// <summary>Whether the viewer may remove a post, comment, resource or file of <paramref name="ownerId"/> (the rule: <see cref="Curation.OwnedContent"/>).</summary>
        public bool CanRemove(Guid ownerId) => Curation.OwnedContent.MayRemove(IsReadOnly, ViewerId == ownerId, CanPost, CanModerate);
    }

    internal sealed class Handler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, bus, query.GroupSlug, cancellationToken);
            var group = (await WikiAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
            return new View(group.GroupId, group.Slug, group.Name, group.IsReadOnly, !group.IsReadOnly && group.Can(GroupAction.EditWiki),
                !group.IsReadOnly && group.Can(GroupAction.CurateWiki), group.IsAuthenticated, !group.IsReadOnly && group.Can(GroupAction.Post),
                group.Visibility == GroupVisibility.Public, group.ViewerId, group.Can(GroupAction.Moderate));
        }
    }
}
