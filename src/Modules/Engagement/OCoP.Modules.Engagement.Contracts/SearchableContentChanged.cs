namespace OCoP.Modules.Engagement.Contracts;

// The search index's public face (docs/search.md): any module publishes what members may find, and Engagement keeps the
// index. Wolverine names messages by full type name, so never move these to another namespace once shipped.

/// <summary>What a piece of searchable content is. Its name, kebab-cased, is the <c>kind</c> filter of the search API.</summary>
public enum SearchableKind
{
    Topic,
    Post,
    WikiPage,
    BlogPost,
    Resource,
    Event,
}

/// <summary>
/// Content was created or changed: (re)index it. The newest <see cref="ChangedAt"/> wins, so a late, older message
/// changes nothing. <see cref="GroupId"/> null means site-wide content anyone may read; otherwise the group's visibility
/// decides, when the search is read, with the shared group-access rule. <see cref="Text"/> is plain text or Markdown
/// source, never HTML. <see cref="ParentId"/> ties content to a parent (a reply to its topic): removing the parent
/// removes it too. <see cref="Accepted"/> marks an accepted answer or endorsed content: it counts for "find an expert".
/// </summary>
public sealed record SearchableContentChanged(
    SearchableKind Kind,
    Guid SourceId,
    Guid? ParentId,
    Guid? GroupId,
    Guid? AuthorId,
    string Title,
    string Text,
    string? Context,
    IReadOnlyList<string> Tags,
    string Path,
    bool Accepted,
    DateTimeOffset CreatedAt,
    DateTimeOffset ChangedAt);

/// <summary>Content was hidden, removed or deleted: nobody finds it any more (nor its children), until a newer change.</summary>
public sealed record SearchableContentRemoved(SearchableKind Kind, Guid SourceId, DateTimeOffset RemovedAt);

/// <summary>
/// A site administrator rebuilt the search index from scratch (docs/adr/0032): every module that publishes
/// <see cref="SearchableContentChanged"/> publishes it again for everything it holds that may be found.
/// </summary>
public sealed record SearchIndexRebuildRequested(Guid RebuildId, DateTimeOffset RequestedAt);
