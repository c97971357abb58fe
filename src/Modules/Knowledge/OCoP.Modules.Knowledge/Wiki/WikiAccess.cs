using Marten;
using Npgsql;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>Finding a group's pages through the shared group-access rule (docs/adr/0010), and who may change which page.</summary>
internal static class WikiAccess
{
    /// <summary>404 for a page one may not see, exactly as for a page that does not exist; a page's old slug finds it.</summary>
    public static async Task<WikiPage> FindAsync(IQuerySession session, Guid groupId, string slug, CancellationToken cancellationToken) =>
        await FindOrDefaultAsync(session, groupId, slug, cancellationToken) ?? throw ProblemException.NotFound("The page");

    public static async Task<WikiPage?> FindOrDefaultAsync(IQuerySession session, Guid groupId, string slug, CancellationToken cancellationToken)
    {
        var page = await session.Query<WikiPage>().FirstOrDefaultAsync(p => p.GroupId == groupId && p.Slug == slug, cancellationToken);
        if (page is not null)
        {
            return page;
        }

        var redirect = await session.LoadAsync<WikiRedirect>(WikiRedirect.IdFor(groupId, slug), cancellationToken);
        return redirect is null ? null : await session.LoadAsync<WikiPage>(redirect.PageId, cancellationToken);
    }

    /// <summary>Finds the page, then locks it for this session's transaction: saves of one page queue behind each other.</summary>
    public static async Task<WikiPage> FindForUpdateAsync(IDocumentSession session, Guid groupId, string slug, CancellationToken cancellationToken)
    {
        var found = await FindAsync(session, groupId, slug, cancellationToken);
        return await RowLocks.LoadForUpdateAsync<WikiPage>(session, found.Id, cancellationToken) ?? throw ProblemException.NotFound("The page");
    }

    /// <summary>The pages directly under a parent, or at the top of the wiki (a null parent is IS NULL, not = NULL).</summary>
    public static IQueryable<WikiPage> ChildrenOf(IQuerySession session, Guid groupId, Guid? parentId) =>
        parentId is { } id
            ? session.Query<WikiPage>().Where(p => p.GroupId == groupId && p.ParentId == id)
            : session.Query<WikiPage>().Where(p => p.GroupId == groupId && p.ParentId == null);

    /// <summary>Contributors edit pages; a protected page only those who curate the wiki (403 for the others).</summary>
    public static GroupViewer RequireToEdit(this GroupViewer group, WikiPage page)
    {
        group.RequireToChange(GroupAction.EditWiki);
        if (page.Protected && !group.Can(GroupAction.CurateWiki))
        {
            throw ProblemException.Forbidden("This page is protected: only domain experts, facilitators and sponsors edit it.");
        }

        return group;
    }

    public static bool CanEdit(this GroupViewer group, WikiPage page) =>
        !group.IsReadOnly && group.Can(GroupAction.EditWiki) && (!page.Protected || group.Can(GroupAction.CurateWiki));

    public static Task<GroupViewer> ForReadAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember me, CancellationToken cancellationToken) =>
        GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken);

    public static Task<GroupViewer> ForWriteAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember me, CancellationToken cancellationToken) =>
        GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken);

    /// <summary>Saves; a page title that another save took a moment ago (the unique slug index) is a 409, not a 500.</summary>
    public static async Task SaveChangesAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw ProblemException.Conflict("Someone saved a page with this title, or a revision of this page, at the same moment. Reload and try again.");
        }
    }
}

/// <summary>Writing a page's new current text and the revision that records it: creation, edit, merge and revert all end here.</summary>
internal static class WikiWriting
{
    public sealed record Saved(string Slug, int Revision, bool Merged, string Path);

    public static async Task<Saved> WriteAsync(IDocumentSession session, IMessageBus bus, MarkdownRenderer markdown, KnowledgeOptions options, GroupViewer group,
        WikiPage page, string title, string source, Guid author, DateTimeOffset now, string? summary, bool merged, int? revertedFrom,
        CancellationToken cancellationToken)
    {
        title = title.Trim();
        source = WikiText.Normalize(source);
        var slug = WikiText.SlugFor(title);
        if (slug.Length == 0)
        {
            throw ProblemException.Invalid("title", "A title needs at least one letter or digit.");
        }

        if (source.Length > options.MaxPageLength)
        {
            throw ProblemException.Invalid("body", $"A page holds at most {options.MaxPageLength:N0} characters.");
        }

        var rendered = WikiText.Render(markdown, source);
        if (rendered.Links.Count > options.MaxLinksPerPage)
        {
            throw ProblemException.Invalid("body", $"A page links to at most {options.MaxLinksPerPage} other pages; this one links to {rendered.Links.Count}.");
        }

        if (slug is "new" or "capture")
        {
            throw ProblemException.Invalid("title", "This title is the address of a wiki form: choose another title.");
        }

        var isNew = page.Revision == 0;
        if (slug != page.Slug)
        {
            if (await session.Query<WikiPage>().AnyAsync(p => p.GroupId == page.GroupId && p.Slug == slug && p.Id != page.Id, cancellationToken))
            {
                throw ProblemException.Conflict($"The wiki already has a page called \"{title}\".");
            }

            // The new name is no longer an old name of anything; the old name keeps leading here.
            session.Delete<WikiRedirect>(WikiRedirect.IdFor(page.GroupId, slug));
            if (page.Slug.Length > 0)
            {
                session.Store(new WikiRedirect { Id = WikiRedirect.IdFor(page.GroupId, page.Slug), PageId = page.Id });
            }
        }

        page.Slug = slug;
        page.Title = title;
        page.Source = source;
        page.Html = rendered.Html;
        page.Toc = [.. rendered.Toc];
        page.Links = [.. rendered.Links];
        page.Revision++;
        page.UpdatedAt = now;
        page.UpdatedBy = author;
        page.ReviewedAt = now;
        session.Store(page);
        session.Insert(new WikiRevision
        {
            Id = Guid.CreateVersion7(), PageId = page.Id, GroupId = page.GroupId, Number = page.Revision, Title = title, Source = source,
            AuthorId = author, At = now, Summary = summary?.Trim() ?? "", Merged = merged, RevertedFrom = revertedFrom,
        });
        var path = WikiPaths.Page(group.Slug, slug);
        // Published with the documents (the session is outboxed): subscribers hear of exactly the revisions saved.
        if (isNew)
        {
            await bus.PublishAsync(new WikiPageCreated(page.GroupId, page.Id, slug, title, author, page.Revision, path, now));
        }
        else
        {
            await bus.PublishAsync(new WikiPageEdited(page.GroupId, page.Id, slug, title, author, page.Revision, summary?.Trim() ?? "", merged, revertedFrom,
                path, now));
        }
        await bus.PublishAsync(Search.WikiSearch.Changed(page, group.Slug, now));
        return new Saved(slug, page.Revision, merged, path);
    }
}
