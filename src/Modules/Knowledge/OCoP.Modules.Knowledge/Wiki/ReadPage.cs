using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// One wiki page as a reader sees it: its current text with [[links]] resolved (red where no page is written yet), table
/// of contents, breadcrumbs, children and backlinks. The same few queries whatever the page's history: revisions are
/// never read here (docs/adr/0016).
/// </summary>
internal static class ReadPage
{
    internal sealed record Query(Guid GroupId, string Slug) : IRequest<Result>;

    /// <summary>The page, or the slug it has now when it was asked for by an old one.</summary>
    internal sealed record Result(PageView? Page, string? MovedTo);

    internal sealed record PageView(Guid Id, Guid GroupId, string GroupSlug, string GroupName, string Slug, string Title, string Html, string Source,
        int Revision, bool Protected, IReadOnlyList<PageRef> Breadcrumbs, IReadOnlyList<PageRef> Children, IReadOnlyList<PageRef> Backlinks,
        IReadOnlyList<LinkView> Links, IReadOnlyList<TocEntry> Toc, DateTimeOffset UpdatedAt, Guid UpdatedBy, string UpdatedByName,
        DateTimeOffset ReviewedAt, bool Stale, string Path, PageViewer Viewer);

    internal sealed record PageRef(string Slug, string Title);

    internal sealed record LinkView(string Title, string Slug, bool Exists);

    internal sealed record PageViewer(bool CanEdit, bool CanCurate);

    /// <summary>Headings shown as a table of contents from this many on.</summary>
    public const int TocFrom = 3;

    internal sealed class Handler(IKnowledgeStore store, IMessageBus bus, CurrentMember me, TimeProvider clock, IOptions<KnowledgeOptions> options)
        : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindAsync(session, query.GroupId, query.Slug, cancellationToken);
            if (page.Slug != query.Slug)
            {
                return new Result(null, page.Slug);
            }

            var links = WikiText.LinksIn(page.Source);
            var linkSlugs = page.Links.ToArray();
            var ancestorIds = page.AncestorIds.ToArray();
            var batch = session.CreateBatchQuery();
            var existing = linkSlugs.Length == 0 ? null
                : batch.Query<WikiPage>().Where(p => p.GroupId == page.GroupId && p.Slug.IsOneOf(linkSlugs)).Select(p => p.Slug).ToList();
            var redirected = linkSlugs.Length == 0 ? null
                : batch.LoadMany<WikiRedirect>().ById(linkSlugs.Select(s => WikiRedirect.IdFor(page.GroupId, s)).ToArray());
            var ancestors = ancestorIds.Length == 0 ? null
                : batch.Query<WikiPage>().Where(p => p.Id.IsOneOf(ancestorIds)).Select(p => new PageNode(p.Id, p.Slug, p.Title)).ToList();
            var children = batch.Query<WikiPage>().Where(p => p.GroupId == page.GroupId && p.ParentId == page.Id).OrderBy(p => p.Position)
                .Select(p => new PageNode(p.Id, p.Slug, p.Title)).ToList();
            var slug = page.Slug;
            var backlinks = batch.Query<WikiPage>().Where(p => p.GroupId == page.GroupId && p.Links.Contains(slug)).OrderBy(p => p.Title)
                .Select(p => new PageNode(p.Id, p.Slug, p.Title)).ToList();
            var editor = batch.Load<MemberFacts>(page.UpdatedBy);
            await batch.Execute(cancellationToken);

            var written = new HashSet<string>(existing is null ? [] : await existing, StringComparer.Ordinal);
            if (redirected is not null)
            {
                foreach (var redirect in await redirected)
                {
                    written.Add(redirect.Id[(redirect.Id.IndexOf('/', StringComparison.Ordinal) + 1)..]);
                }
            }

            var byId = (ancestors is null ? [] : await ancestors).ToDictionary(a => a.Id);
            var crumbs = page.AncestorIds.Where(byId.ContainsKey).Select(id => new PageRef(byId[id].Slug, byId[id].Title)).ToList();
            var stale = page.ReviewedAt < clock.GetUtcNow().AddDays(-options.Value.ReviewAfterDays);
            return new Result(new PageView(page.Id, page.GroupId, group.Slug, group.Name, page.Slug, page.Title,
                WikiText.ResolveLinks(page.Html, group.Slug, written), page.Source, page.Revision, page.Protected, crumbs,
                (await children).Select(c => new PageRef(c.Slug, c.Title)).ToList(),
                (await backlinks).Where(b => b.Id != page.Id).Select(b => new PageRef(b.Slug, b.Title)).ToList(),
                links.Select(l => new LinkView(l.Title, l.Slug, written.Contains(l.Slug))).ToList(),
                page.Toc.Count >= TocFrom ? page.Toc : [], page.UpdatedAt, page.UpdatedBy, MemberFacts.NameOf(await editor), page.ReviewedAt, stale,
                WikiPaths.Page(group.Slug, page.Slug), new PageViewer(group.CanEdit(page), !group.IsReadOnly && group.Can(GroupAction.CurateWiki))), null);
        }
    }

    /// <summary>The little of a page that lists and breadcrumbs need: never its text.</summary>
    internal sealed record PageNode(Guid Id, string Slug, string Title);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/knowledge/groups/{groupId:guid}/pages/{slug}", async (Guid groupId, string slug, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var result = await mediator.Send(new Query(groupId, slug), cancellationToken);
                    return result.MovedTo is { } movedTo
                        ? Results.Redirect(WikiPaths.Api(groupId, movedTo), permanent: true, preserveMethod: true)
                        : Results.Ok(result.Page);
                })
                .WithSummary("A wiki page with its links resolved, table of contents, breadcrumbs, children and backlinks; an old slug answers 308 to the new one.")
                .Produces<PageView>();
    }
}
