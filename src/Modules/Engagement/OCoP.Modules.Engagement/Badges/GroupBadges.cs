using Carter;
using FluentValidation;
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
/// A group's badges (docs/workbench.md "Recognition and badges", ADR 0077): who earned which, for anyone who may read the
/// group; switching them off or on and revoking one, for facilitators and sponsors (<see cref="GroupAction.Moderate"/>:
/// 403 for a contributor, 404 for who may not see the group). Off: none shown, none awarded. Revoked: shown only to those
/// who manage badges, with who revoked it and when, and never earned again.
/// </summary>
internal static class GroupBadges
{
    internal sealed record Query(Guid GroupId) : IRequest<GroupBadgesView>;

    internal sealed record GroupBadgesView(Guid GroupId, bool Enabled, bool CanManage, IReadOnlyList<MemberBadgesView> Members);

    internal sealed record MemberBadgesView(Guid MemberId, string Name, IReadOnlyList<BadgeView> Badges);

    /// <summary>One badge: <see cref="Badge"/> is its route name (<c>first-answer-accepted</c>); revocation fields only for managers.</summary>
    internal sealed record BadgeView(string Badge, string Name, string Description, DateTimeOffset EarnedAt, string? Path, bool Revoked,
        DateTimeOffset? RevokedAt, Guid? RevokedBy, string? RevokedByName);

    internal sealed record Settings(bool Enabled, DateTimeOffset? ChangedAt);

    internal sealed record GetSettings(Guid GroupId) : IRequest<Settings>;

    internal sealed record ChangeSettings(bool? Enabled) : IRequest<Settings>
    {
        // Set from the route, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class ChangeSettingsValidator : AbstractValidator<ChangeSettings>
    {
        public ChangeSettingsValidator() => RuleFor(c => c.Enabled).NotNull().WithMessage("Say whether the group shows and awards badges (true) or not (false).");
    }

    internal sealed record Revoke(Guid GroupId, Guid MemberId, string Badge) : IRequest<MemberBadgesView>;

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, GroupBadgesView>
    {
        public async Task<GroupBadgesView> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var manages = viewer.Can(GroupAction.Moderate);
            if ((await session.LoadAsync<GroupBadgeSettings>(viewer.GroupId, cancellationToken))?.Off == true)
            {
                return new GroupBadgesView(viewer.GroupId, false, manages, []);
            }

            var earned = await session.Query<MemberBadges>().Where(b => b.GroupId == viewer.GroupId).ToListAsync(cancellationToken);
            var names = await NamesAsync(session, earned.SelectMany(b => b.Badges.Select(x => x.RevokedBy ?? Guid.Empty).Append(b.MemberId)), cancellationToken);
            var members = earned.Select(b => ViewOf(b, names, manages)).Where(m => m.Badges.Count > 0)
                .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(m => m.MemberId).ToList();
            return new GroupBadgesView(viewer.GroupId, true, manages, members);
        }
    }

    internal sealed class GetSettingsHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetSettings, Settings>
    {
        public async Task<Settings> Handle(GetSettings query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var settings = await session.LoadAsync<GroupBadgeSettings>(viewer.GroupId, cancellationToken);
            return new Settings(settings?.Off != true, settings?.ChangedAt);
        }
    }

    internal sealed class ChangeSettingsHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<ChangeSettings, Settings>
    {
        public async Task<Settings> Handle(ChangeSettings change, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var viewer = (await GroupAccess.ForWriteAsync(session, bus, change.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var settings = new GroupBadgeSettings { Id = viewer.GroupId, Off = change.Enabled == false, ChangedBy = me.Id, ChangedAt = clock.GetUtcNow() };
            session.Store(settings);
            await session.SaveChangesAsync(cancellationToken);
            return new Settings(!settings.Off, settings.ChangedAt);
        }
    }

    internal sealed class RevokeHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Revoke, MemberBadgesView>
    {
        public async Task<MemberBadgesView> Handle(Revoke revoke, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var viewer = (await GroupAccess.ForWriteAsync(session, bus, revoke.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            if (BadgeCatalog.FromRoute(revoke.Badge) is not { } kind)
            {
                throw ProblemException.Invalid("kind", $"Name one of: {string.Join(", ", Enum.GetValues<BadgeKind>().Select(BadgeCatalog.RouteOf))}.");
            }

            // Under the row lock the awarding handler takes: an award and a revocation at once are applied one after the other.
            var badges = await BuildingBlocks.Persistence.RowLocks.LoadForUpdateAsync<MemberBadges>(session, MemberBadges.IdFor(viewer.GroupId, revoke.MemberId),
                cancellationToken);
            var badge = badges?.Badges.FirstOrDefault(b => b.Kind == kind) ?? throw ProblemException.NotFound("The member's badge");
            if (badge.RevokedAt is null)
            {
                (badge.RevokedAt, badge.RevokedBy) = (clock.GetUtcNow(), me.Id);
                session.Store(badges!);
                await session.SaveChangesAsync(cancellationToken);
            }

            var names = await NamesAsync(session, badges!.Badges.Select(b => b.RevokedBy ?? Guid.Empty).Append(badges.MemberId), cancellationToken);
            return ViewOf(badges, names, withRevoked: true);
        }
    }

    public static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Where(id => id != Guid.Empty).Distinct().ToArray();
        return distinct.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<MemberFacts>(cancellationToken, distinct)).ToDictionary(m => m.Id, m => m.Name);
    }

    public static MemberBadgesView ViewOf(MemberBadges badges, IReadOnlyDictionary<Guid, string> names, bool withRevoked) =>
        new(badges.MemberId, names.GetValueOrDefault(badges.MemberId, MemberNames.FormerMember),
            badges.Badges.Where(b => withRevoked || b.RevokedAt is null).OrderBy(b => b.Kind).Select(b => ViewOf(b, names, withRevoked)).ToList());

    public static BadgeView ViewOf(EarnedBadge badge, IReadOnlyDictionary<Guid, string> names, bool withRevoked) =>
        new(BadgeCatalog.RouteOf(badge.Kind), BadgeCatalog.NameOf(badge.Kind), BadgeCatalog.WhatFor(badge.Kind), badge.EarnedAt, badge.Path, badge.RevokedAt is not null,
            withRevoked ? badge.RevokedAt : null, withRevoked ? badge.RevokedBy : null,
            withRevoked && badge.RevokedBy is { } by ? names.GetValueOrDefault(by, MemberNames.FormerMember) : null);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/groups/{groupId:guid}/badges", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of((await mediator.Send(new Query(groupId), cancellationToken)).Members, cursor, limit))
                .WithSummary("The group's members with the badges they earned (none while the group has badges off); revoked ones only for facilitators and sponsors.");
            app.MapGet("/api/engagement/groups/{groupId:guid}/badge-settings", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetSettings(groupId), cancellationToken))
                .WithSummary("Whether the group shows and awards badges.");
            app.MapPut("/api/engagement/groups/{groupId:guid}/badge-settings", (Guid groupId, ChangeSettings change, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(change with { GroupId = groupId }, cancellationToken))
                .WithSummary("Switch the group's badges on or off (facilitators and sponsors). Off: none shown, none awarded.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapDelete("/api/engagement/groups/{groupId:guid}/members/{memberId:guid}/badges/{kind}", (Guid groupId, Guid memberId, string kind,
                    IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new Revoke(groupId, memberId, kind), cancellationToken))
                .WithSummary("Revoke a member's badge (facilitators and sponsors): it stays revoked, with who and when.")
                .WithAllowedValues("kind", Enum.GetValues<BadgeKind>().Select(BadgeCatalog.RouteOf))
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
