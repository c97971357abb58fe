using OCoP.Modules.Membership.Access;
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
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Groups;

/// <summary>The group directory, a group's home, and its charter history. Visibility is checked on every read.</summary>
internal static class ViewGroups
{
    internal sealed record Browse(string? Q, string? Topic, string? Cursor, int? Limit) : IRequest<CursorPage<Listing>>;

    internal sealed record Listing(Guid Id, string Slug, string Name, string Purpose, IReadOnlyList<string> Topics, GroupVisibility Visibility,
        JoinPolicy JoinPolicy, int MemberCount, int? Capacity, GroupStatus Status);

    internal sealed record Get(string Key) : IRequest<GroupView>;

    internal sealed record GroupView(
        Guid Id,
        string Slug,
        string Name,
        IReadOnlyList<string> Topics,
        GroupVisibility Visibility,
        JoinPolicy JoinPolicy,
        int? Capacity,
        int MemberCount,
        GroupStatus Status,
        Charter Charter,
        int CharterVersion,
        int? TermMonths,
        Fee? Fee,
        CodeOfConduct? CodeOfConduct,
        IReadOnlyList<Guid> Facilitators,
        Viewer Viewer);

    /// <summary>What the caller is to this group, and what they may do there.</summary>
    internal sealed record Viewer(string? State, IReadOnlyList<GroupRole> Roles, bool MustAcceptCodeOfConduct, DateTimeOffset? ExpiresAt,
        IReadOnlyList<GroupAction> Allowed);

    internal sealed record History(Guid GroupId) : IRequest<IReadOnlyList<Revision>>;

    internal sealed record Revision(int Version, Charter Charter, Guid EditedBy, DateTimeOffset EditedAt);

    internal sealed class BrowseValidator : AbstractValidator<Browse>
    {
        public BrowseValidator()
        {
            RuleFor(b => b.Q).MaximumLength(80).WithName("Your search");
            RuleFor(b => b.Topic).MaximumLength(40);
            RuleFor(b => b.Limit).InclusiveBetween(1, Cursor.MaxLimit).When(b => b.Limit is not null);
            RuleFor(b => b.Cursor).Must(c => c is null || Cursor.TryDecode(c, out _, out _)).WithMessage("This cursor is not one we issued.");
        }
    }

    internal sealed class BrowseHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<Browse, CursorPage<Listing>>
    {
        public async Task<CursorPage<Listing>> Handle(Browse browse, CancellationToken cancellationToken)
        {
            var limit = Cursor.Limit(browse.Limit);
            await using var session = store.QuerySession();
            var mine = me.IsAuthenticated
                ? await session.Query<GroupMembership>().Where(m => m.MemberId == me.Id && m.State == GroupMembershipState.Active)
                    .Select(m => m.GroupId).ToListAsync(cancellationToken)
                : [];

            // Secret groups are listed only to their members (and site administrators).
            var query = me.IsSiteAdministrator
                ? session.Query<Group>()
                : session.Query<Group>().Where(g => g.Visibility != GroupVisibility.Secret || g.Id.IsOneOf(mine.ToArray()));
            query = query.Where(g => g.Status != GroupStatus.Closed);
            if (!string.IsNullOrWhiteSpace(browse.Q))
            {
                var text = browse.Q.Trim().ToLowerInvariant();
                query = query.Where(g => g.SearchText.Contains(text));
            }

            if (!string.IsNullOrWhiteSpace(browse.Topic))
            {
                var topic = browse.Topic.Trim().ToLowerInvariant();
                query = query.Where(g => g.Topics.Contains(topic));
            }

            if (Cursor.TryDecode(browse.Cursor, out var after, out _))
            {
                query = query.Where(g => g.Slug.CompareTo(after) > 0);
            }

            var fetched = await query.OrderBy(g => g.Slug).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, g => (g.Slug, g.Id));
            return new CursorPage<Listing>(page.Items.Select(g => new Listing(g.Id, g.Slug, g.Name, g.Charter.Purpose, g.Topics, g.Visibility,
                g.JoinPolicy, g.MemberCount, g.Capacity, g.Status)).ToList(), page.NextCursor);
        }
    }

    internal sealed class GetHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<Get, GroupView>
    {
        public async Task<GroupView> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = Guid.TryParse(get.Key, out var id)
                ? await session.LoadAsync<Group>(id, cancellationToken)
                : await session.Query<Group>().FirstOrDefaultAsync(g => g.Slug == get.Key, cancellationToken);
            if (group is null)
            {
                throw ProblemException.NotFound("The group");
            }

            var context = (await GroupAccess.ForAsync(session, group, me, cancellationToken)).RequireVisible();
            var facilitators = await session.Query<GroupMembership>()
                .Where(m => m.GroupId == group.Id && m.State == GroupMembershipState.Active && m.Roles.Contains(GroupRole.Facilitator))
                .Select(m => m.MemberId).ToListAsync(cancellationToken);
            var viewer = new Viewer(context.Membership?.State.ToString(), context.Roles, context.MustAcceptCodeOfConduct, context.Membership?.ExpiresAt,
                Enum.GetValues<GroupAction>().Where(context.Can).ToList());
            return new GroupView(group.Id, group.Slug, group.Name, group.Topics, group.Visibility, group.JoinPolicy, group.Capacity, group.MemberCount,
                group.Status, group.Charter, group.CharterVersion, group.TermMonths, group.Fee, group.CodeOfConduct, facilitators, viewer);
        }
    }

    internal sealed class HistoryHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<History, IReadOnlyList<Revision>>
    {
        public async Task<IReadOnlyList<Revision>> Handle(History history, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await GroupAccess.LoadAsync(session, history.GroupId, me, cancellationToken)).RequireVisible();
            var revisions = await session.Query<CharterRevision>().Where(r => r.GroupId == history.GroupId)
                .OrderByDescending(r => r.Version).ToListAsync(cancellationToken);
            return revisions.Select(r => new Revision(r.Version, r.Charter, r.EditedBy, r.EditedAt)).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            // Public groups are readable by anonymous visitors, so these allow anonymous callers and check visibility.
            app.MapGet("/api/membership/groups", (string? q, string? topic, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Browse(q, topic, cursor, limit), cancellationToken))
                .WithSummary("The group directory: search by name or topic (q), filter by topic; secret groups only for their members.")
                .AllowAnonymous();

            app.MapGet("/api/membership/groups/{groupId:guid}", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(groupId.ToString()), cancellationToken))
                .WithSummary("A group's home: charter, code of conduct, facilitators, and what the caller may do there.")
                .AllowAnonymous();

            app.MapGet("/api/membership/groups/by-slug/{slug}", (string slug, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(slug), cancellationToken))
                .WithSummary("The same group home, found by the slug of its page URL (/groups/{slug}).")
                .AllowAnonymous();

            app.MapGet("/api/membership/groups/{groupId:guid}/charter/revisions", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new History(groupId), cancellationToken), cursor, limit))
                .WithSummary("Every version of the group's charter, newest first.")
                .AllowAnonymous();
        }
    }
}
