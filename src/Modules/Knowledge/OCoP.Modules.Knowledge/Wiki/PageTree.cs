using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>A group's wiki as a tree in reading order (each page followed by its children), without the pages' text.</summary>
internal static class PageTree
{
    internal sealed record Query(Guid GroupId, string? Cursor, int? Limit, bool StaleOnly = false) : IRequest<CursorPage<Entry>>;

    internal sealed record Entry(string Slug, string Title, string? ParentSlug, int Depth, int Position, bool Protected, int Revision,
        DateTimeOffset UpdatedAt, DateTimeOffset ReviewedAt, bool Stale);

    internal sealed record Row(Guid Id, string Slug, string Title, Guid? ParentId, int Position, bool Protected, int Revision, DateTimeOffset UpdatedAt,
        DateTimeOffset ReviewedAt);

    internal sealed class Handler(IKnowledgeStore store, IMessageBus bus, CurrentMember me, TimeProvider clock, IOptions<KnowledgeOptions> options)
        : IRequestHandler<Query, CursorPage<Entry>>
    {
        public async Task<CursorPage<Entry>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await WikiAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var rows = await session.Query<WikiPage>().Where(p => p.GroupId == query.GroupId)
                .Select(p => new Row(p.Id, p.Slug, p.Title, p.ParentId, p.Position, p.Protected, p.Revision, p.UpdatedAt, p.ReviewedAt))
                .ToListAsync(cancellationToken);
            var staleBefore = clock.GetUtcNow().AddDays(-options.Value.ReviewAfterDays);
            var entries = InReadingOrder(rows).Select(x => new Entry(x.Row.Slug, x.Row.Title, x.ParentSlug, x.Depth, x.Row.Position, x.Row.Protected,
                x.Row.Revision, x.Row.UpdatedAt, x.Row.ReviewedAt, x.Row.ReviewedAt < staleBefore)).Where(e => !query.StaleOnly || e.Stale).ToList();
            return CursorPage.Of(entries, query.Cursor, query.Limit);
        }
    }

    public static IEnumerable<(Row Row, string? ParentSlug, int Depth)> InReadingOrder(IReadOnlyList<Row> rows)
    {
        var children = rows.ToLookup(r => r.ParentId);
        var byId = rows.ToDictionary(r => r.Id);
        var stack = new Stack<(Row Row, int Depth)>(children[null].OrderByDescending(r => r.Position).ThenByDescending(r => r.Title).Select(r => (r, 0)));
        while (stack.Count > 0)
        {
            var (row, depth) = stack.Pop();
            yield return (row, row.ParentId is { } parent && byId.TryGetValue(parent, out var p) ? p.Slug : null, depth);
            foreach (var child in children[row.Id].OrderByDescending(r => r.Position).ThenByDescending(r => r.Title))
            {
                stack.Push((child, depth + 1));
            }
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/knowledge/groups/{groupId:guid}/pages", (Guid groupId, string? cursor, int? limit, bool? stale, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Query(groupId, cursor, limit, stale == true), cancellationToken))
                .WithSummary("The group's wiki pages in reading order (parents before children, siblings by position); stale=true lists only pages due for review.");
    }
}
