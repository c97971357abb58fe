using System.Xml.Linq;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>
/// The Atom feed (RFC 4287) of a public group's blog: its 20 newest published posts. Feed readers fetch it without
/// signing in, so a members-only or secret group has no feed (404, as for a group that does not exist).
/// </summary>
internal static class BlogFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    public const int Entries = 20;

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    internal sealed record Query(string GroupSlug) : IRequest<string>;

    internal sealed class Handler(IKnowledgeStore store, IMessageBus bus, IOptions<SiteOptions> site) : IRequestHandler<Query, string>
    {
        public async Task<string> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, bus, query.GroupSlug, cancellationToken);
            // As an anonymous reader sees the group, whoever asks: a feed URL is shared and cached.
            var facts = await session.LoadAsync<GroupFacts>(groupId, cancellationToken);
            var group = facts is { IsKnown: true } ? GroupViewer.Of(facts, null, null, false) : null;
            if (group is null || group.Visibility != GroupVisibility.Public || !group.CanRead)
            {
                throw ProblemException.NotFound("The feed");
            }

            var posts = await session.Query<BlogPost>().Where(p => p.GroupId == groupId && p.State == BlogPostState.Published)
                .OrderByDescending(p => p.PublishedKey).Take(Entries).ToListAsync(cancellationToken);
            var authors = (await session.LoadManyAsync<MemberFacts>(cancellationToken, posts.Select(p => p.AuthorId).Distinct().ToArray()))
                .ToDictionary(a => a.Id, a => a.Name);
            return Write(site.Value, group, posts, authors);
        }
    }

    internal static string Write(SiteOptions site, GroupViewer group, IReadOnlyList<BlogPost> posts, IReadOnlyDictionary<Guid, string> authors)
    {
        var blog = site.Link(BlogPaths.Blog(group.Slug));
        var updated = posts.Count > 0 ? posts.Max(p => p.UpdatedAt) : DateTimeOffset.UnixEpoch;
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", blog),
            new XElement(Atom + "title", $"Blog of {group.Name}"),
            new XElement(Atom + "updated", updated.ToString("O")),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", site.Link(BlogPaths.Feed(group.Slug)))),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", blog)),
            posts.Select(p => new XElement(Atom + "entry",
                new XElement(Atom + "id", $"urn:uuid:{p.Id}"),
                new XElement(Atom + "title", p.Title),
                new XElement(Atom + "published", p.PublishedAt!.Value.ToString("O")),
                new XElement(Atom + "updated", p.UpdatedAt.ToString("O")),
                new XElement(Atom + "author", new XElement(Atom + "name", authors.GetValueOrDefault(p.AuthorId, MemberNames.FormerMember))),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                    new XAttribute("href", site.Link(p.PathIn(group.Slug)))),
                // The sanitised HTML, escaped as Atom's type="html" expects.
                new XElement(Atom + "content", new XAttribute("type", "html"), p.Html))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed).Declaration + "\n" + feed;
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/groups/{slug}/blog/feed.atom", async (string slug, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
                {
                    http.Response.Headers.CacheControl = "public, max-age=300";
                    return Results.Text(await mediator.Send(new Query(slug), cancellationToken), ContentType);
                })
                .ExcludeFromDescription();
    }
}
