using Marten;
using MediatR;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Directory;

/// <summary>
/// The card shown when a pointer rests on a member's name or the name takes focus (issue 19, item 4): their handle and
/// expertise and, on a group's pages, their roles in that group. Roles are shown only where the viewer may see the group,
/// so a card never reveals a secret group.
/// </summary>
internal static class PersonCard
{
    internal sealed record Get(Guid MemberId, string? GroupSlug) : IRequest<Card>;

    internal sealed record Card(Guid Id, string DisplayName, string Handle, IReadOnlyList<string> Expertise, string? GroupName,
        IReadOnlyList<GroupRole> Roles);

    internal sealed class Handler(IMembershipStore store, CurrentMember me) : IRequestHandler<Get, Card>
    {
        public async Task<Card> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var member = await session.LoadAsync<Member>(get.MemberId, cancellationToken);
            if (member is not { IsDeleted: false })
            {
                throw ProblemException.NotFound("The member");
            }

            var card = new Card(member.Id, member.DisplayName, Access.MemberNames.HandleFor(member.DisplayName), member.Expertise.Take(5).ToList(), null, []);
            var group = string.IsNullOrEmpty(get.GroupSlug)
                ? null
                : await session.Query<Group>().FirstOrDefaultAsync(g => g.Slug == get.GroupSlug, cancellationToken);
            if (group is null || !(await GroupAccess.ForAsync(session, group, me, cancellationToken)).CanSee)
            {
                return card;
            }

            var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(group.Id, member.Id), cancellationToken);
            return membership is { IsActive: true } ? card with { GroupName = group.Name, Roles = membership.Roles } : card;
        }
    }
}
