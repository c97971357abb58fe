namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// A wiki page with its current text (source and rendered HTML). Every save also writes a <see cref="WikiRevision"/>;
/// the page never holds its history, so a read costs the same at revision 1 and at revision 1,000 (docs/adr/0016).
/// </summary>
internal sealed class WikiPage
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }

    /// <summary>The page's key in its group, made from its title; a rename leaves a <see cref="WikiRedirect"/> behind.</summary>
    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";
    public Guid? ParentId { get; set; }

    /// <summary>From the top of the tree down to the parent: breadcrumbs in one load, and the cycle check on a move.</summary>
    public List<Guid> AncestorIds { get; set; } = [];

    /// <summary>Order among its siblings, from 0.</summary>
    public int Position { get; set; }

    /// <summary>Only domain experts, facilitators and sponsors edit a protected page.</summary>
    public bool Protected { get; set; }

    public string Source { get; set; } = "";

    /// <summary>Safe HTML, with each [[link]] as a placeholder that a read turns into a link or a red link.</summary>
    public string Html { get; set; } = "";

    public List<TocEntry> Toc { get; set; } = [];

    /// <summary>The slugs this page links to with [[Page title]]: backlinks are a query on this.</summary>
    public List<string> Links { get; set; } = [];

    /// <summary>The current revision's number; a save names the one it started from.</summary>
    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid UpdatedBy { get; set; }

    /// <summary>The last time a domain expert or facilitator confirmed the page, or anyone edited it.</summary>
    public DateTimeOffset ReviewedAt { get; set; }

    public Guid? ReviewedBy { get; set; }

    public Guid? CapturedFromTopicId { get; set; }
}

/// <summary>One heading of a page, for its table of contents.</summary>
internal sealed record TocEntry(int Level, string Text, string Anchor);

/// <summary>An old slug of a renamed page, so links and bookmarks keep working. Id: <see cref="IdFor"/>.</summary>
internal sealed class WikiRedirect
{
    public string Id { get; set; } = "";
    public Guid PageId { get; set; }

    public static string IdFor(Guid groupId, string slug) => $"{groupId:N}/{slug}";
}
