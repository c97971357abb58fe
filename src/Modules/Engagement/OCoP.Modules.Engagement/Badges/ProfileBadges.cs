using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Badges;

/// <summary>
/// A member's badges in all their groups, for their profile (docs/workbench.md "Recognition and badges"): each group
/// only for a viewer who may read it (the group-access rule, as <c>MemberStages</c>), none from a group with badges off,
/// never a revoked one.
/// </summary>
internal static class ProfileBadges
{
    internal sealed record Query(Guid MemberId) : IRequest<IReadOnlyList<ProfileBadge>>;

    internal sealed record ProfileBadge(Guid GroupId, string Slug, string GroupName, string Badge, string Name, string Description, DateTimeOffset EarnedAt,
        string? Path);

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, IReadOnlyList<ProfileBadge>>
    {
        public async Task<IReadOnlyList<ProfileBadge>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            if (me.Id != query.MemberId && await session.LoadAsync<MemberFacts>(query.MemberId, cancellationToken) is null or { Deleted: true })
            {
                throw ProblemException.NotFound("The member");
            }

            var all = await session.Query<MemberBadges>().Where(b => b.MemberId == query.MemberId).ToListAsync(cancellationToken);
            if (all.Count == 0)
            {
                return [];
            }

            var off = (await session.LoadManyAsync<GroupBadgeSettings>(cancellationToken, all.Select(b => b.GroupId).ToArray()))
                .Where(s => s.Off).Select(s => s.Id).ToHashSet();
            var shown = new List<ProfileBadge>();
            foreach (var badges in all.Where(b => !off.Contains(b.GroupId) && b.Badges.Any(x => x.RevokedAt is null)))
            {
                GroupViewer viewer;
                try
                {
                    viewer = await GroupAccess.ForReadAsync(session, bus, badges.GroupId, me, cancellationToken);
                }
                catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
                {
                    continue; // a group the viewer may not see, or one this module does not know
                }

                if (!viewer.CanRead)
                {
                    continue;
                }

                shown.AddRange(badges.Badges.Where(b => b.RevokedAt is null).Select(b => new ProfileBadge(viewer.GroupId, viewer.Slug, viewer.Name,
                    BadgeCatalog.RouteOf(b.Kind), BadgeCatalog.NameOf(b.Kind), BadgeCatalog.WhatFor(b.Kind), b.EarnedAt, b.Path)));
            }

            return shown.OrderBy(b => b.GroupName, StringComparer.CurrentCultureIgnoreCase).ThenBy(b => b.EarnedAt).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/members/{memberId:guid}/badges", async (Guid memberId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new Query(memberId), cancellationToken), cursor, limit))
                .WithSummary("A member's badges in the groups the caller may read (none from groups with badges off; never revoked ones).")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
