using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Search;

/// <summary>A wiki page as /search indexes it (docs/search.md): its title, its Markdown source, its permanent link.</summary>
internal static class WikiSearch
{
    public static SearchableContentChanged Changed(WikiPage page, string groupSlug, DateTimeOffset now) =>
        new(SearchableKind.WikiPage, page.Id, null, page.GroupId, page.CreatedBy, page.Title, page.Source, null, [], WikiPaths.Page(groupSlug, page.Slug),
            false, page.CreatedAt, now);
}
