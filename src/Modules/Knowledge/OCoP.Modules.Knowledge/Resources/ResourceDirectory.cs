using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>A group's resource directory, newest first, filtered by kind, tag, vetting and rating; and one resource with its reviews.</summary>
internal static class ResourceDirectory
{
    internal sealed record ListResources(Guid GroupId, ResourceKind? Kind, string? Tag, bool? Vetted, double? MinRating, string? Cursor, int? Limit)
        : IRequest<CursorPage<ResourceSummary>>;

    internal sealed record GetResource(Guid GroupId, Guid ResourceId) : IRequest<ResourceView>;

    internal sealed record ResourceSummary(Guid Id, ResourceKind Kind, string Title, string Description, string? Url, IReadOnlyList<string> Tags, string Audience,
        string Level, bool Vetted, double Rating, int RatingCount, int ConcernCount, LinkState LinkState, DateTimeOffset SubmittedAt, string Path);

    internal sealed record ResourceView(Guid Id, ResourceKind Kind, string Title, string Description, string? Url, IReadOnlyList<string> Tags, string Audience,
        string Level, Guid SubmittedBy, string SubmittedByName, DateTimeOffset SubmittedAt, bool Vetted, string? VettedByName, DateTimeOffset? VettedAt,
        double Rating, int RatingCount, IReadOnlyList<ConcernView> Concerns, LinkState LinkState, DateTimeOffset? LinkCheckedAt, string LinkProblem,
        IReadOnlyList<ReviewView> Reviews, int? MyRating, string Path, ResourceViewer Viewer);

    internal sealed record ConcernView(ConcernKind Kind, string Note, string ByName, DateTimeOffset At);

    internal sealed record ReviewView(string MemberName, int Stars, string Review, DateTimeOffset At);

    internal sealed record ResourceViewer(bool CanRate, bool CanVet);

    /// <summary>Reviews shown with a resource; the rating counts them all.</summary>
    public const int ReviewsShown = 50;

    internal static ResourceSummary Summary(Resource r, string groupSlug) =>
        new(r.Id, r.Kind, r.Title, r.Description, r.Url, r.Tags, r.Audience, r.Level, r.Vetted, r.Rating, r.RatingCount, r.Concerns.Count, r.LinkState,
            r.SubmittedAt, ResourcePaths.Resource(groupSlug, r.Id));

    internal sealed class ListHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListResources, CursorPage<ResourceSummary>>
    {
        public async Task<CursorPage<ResourceSummary>> Handle(ListResources list, CancellationToken cancellationToken)
        {
            string? after = null;
            if (list.Cursor is not null)
            {
                after = Cursor.TryDecode(list.Cursor, out var key, out _) && key.Length > 0 ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
            }

            if (list.MinRating is < 0 or > 5)
            {
                throw ProblemException.Invalid("minRating", "A rating is between 1 and 5.");
            }

            var limit = Cursor.Limit(list.Limit);
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var resources = session.Query<Resource>().Where(r => r.GroupId == group.GroupId);
            if (list.Kind is { } kind)
            {
                resources = resources.Where(r => r.Kind == kind);
            }

            if (list.Tag is { Length: > 0 } tag)
            {
                var normalized = tag.Trim().ToLowerInvariant();
                resources = resources.Where(r => r.Tags.Contains(normalized));
            }

            if (list.Vetted is { } vetted)
            {
                resources = resources.Where(r => r.Vetted == vetted);
            }

            if (list.MinRating is { } minRating)
            {
                resources = resources.Where(r => r.Rating >= minRating);
            }

            if (after is not null)
            {
                resources = resources.Where(r => r.Key.CompareTo(after) < 0);
            }

            var fetched = await resources.OrderByDescending(r => r.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, r => (r.Key, r.Id));
            return new CursorPage<ResourceSummary>([.. page.Items.Select(r => Summary(r, group.Slug))], page.NextCursor);
        }
    }

    internal sealed class GetHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetResource, ResourceView>
    {
        public async Task<ResourceView> Handle(GetResource get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var r = await ResourceAccess.FindAsync(session, group, get.ResourceId, cancellationToken);
            var resourceId = r.Id;
            var ratings = await session.Query<ResourceRating>().Where(x => x.ResourceId == resourceId).OrderByDescending(x => x.At).Take(ReviewsShown)
                .ToListAsync(cancellationToken);
            var mine = me.IsAuthenticated ? await session.LoadAsync<ResourceRating>(ResourceRating.IdFor(r.Id, me.Id), cancellationToken) : null;
            var people = ratings.Select(x => x.MemberId).Concat(r.Concerns.Select(c => c.By)).Append(r.SubmittedBy);
            if (r.VettedBy is { } vettedBy)
            {
                people = people.Append(vettedBy);
            }

            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, people.Distinct().ToArray())).ToDictionary(m => m.Id, m => m.Name);
            string NameOf(Guid id) => names.GetValueOrDefault(id, MemberNames.FormerMember);
            return new ResourceView(r.Id, r.Kind, r.Title, r.Description, r.Url, r.Tags, r.Audience, r.Level, r.SubmittedBy, NameOf(r.SubmittedBy), r.SubmittedAt,
                r.Vetted, r.VettedBy is { } by ? NameOf(by) : null, r.VettedAt, r.Rating, r.RatingCount,
                [.. r.Concerns.Select(c => new ConcernView(c.Kind, c.Note, c.By == Guid.Empty ? "The link check" : NameOf(c.By), c.At))], r.LinkState,
                r.LinkCheckedAt, r.LinkProblem, [.. ratings.Select(x => new ReviewView(NameOf(x.MemberId), x.Stars, x.Review, x.At))], mine?.Stars,
                ResourcePaths.Resource(group.Slug, r.Id),
                new ResourceViewer(!group.IsReadOnly && group.Can(GroupAction.Post), !group.IsReadOnly && group.Can(GroupAction.VetResources)));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/knowledge/groups/{groupId:guid}/resources", async (Guid groupId, string? kind, string? tag, bool? vetted, double? minRating,
                    string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    ResourceKind? parsed = kind is null ? null
                        : Enum.TryParse<ResourceKind>(kind, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
                        : throw ProblemException.Invalid("kind", $"Kind is one of: {string.Join(", ", Enum.GetNames<ResourceKind>())}.");
                    return TypedResults.Ok(await mediator.Send(new ListResources(groupId, parsed, tag, vetted, minRating, cursor, limit), cancellationToken));
                })
                .WithSummary("The group's resource directory, newest first; filters: kind, tag, vetted, minRating (the mean rating, 1-5).")
                .WithAllowedValues("kind", Enum.GetNames<ResourceKind>());

            app.MapGet("/api/knowledge/groups/{groupId:guid}/resources/{resourceId:guid}", async (Guid groupId, Guid resourceId, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(new GetResource(groupId, resourceId), cancellationToken)))
                .WithSummary("One resource with its vetting, rating, newest reviews, concerns and link check.");
        }
    }
}
