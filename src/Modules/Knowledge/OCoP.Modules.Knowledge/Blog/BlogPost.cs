namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Where a blog post is in its life: only its author sees a draft or a scheduled post.</summary>
internal enum BlogPostState
{
    Draft,
    Scheduled,
    Published,
}

/// <summary>A post of a group's blog ("online journal entries reporting on your group work, where others can comment").</summary>
internal sealed class BlogPost
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid AuthorId { get; set; }
    public string Title { get; set; } = "";
    public string Source { get; set; } = "";
    public string Html { get; set; } = "";
    public BlogPostState State { get; set; }

    /// <summary>When a scheduled post goes out; the scheduled message carries it, so a message for an older schedule does nothing.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Publication time then id, as one sortable string: the keyset of the newest-first listing (empty until published).</summary>
    public string PublishedKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int CommentCount { get; set; }

    public bool IsPublished => State == BlogPostState.Published;

    public string PathIn(string groupSlug) => BlogPaths.Post(groupSlug, Id);

    public static string KeyFor(DateTimeOffset publishedAt, Guid id) =>
        publishedAt.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", System.Globalization.CultureInfo.InvariantCulture) + id.ToString("N");
}

/// <summary>A comment on a published post; a reply answers a top-level comment (threaded one level).</summary>
internal sealed class BlogComment
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public Guid GroupId { get; set; }
    public Guid? ParentId { get; set; }
    public Guid AuthorId { get; set; }
    public string Source { get; set; } = "";
    public string Html { get; set; } = "";
    public DateTimeOffset At { get; set; }

    /// <summary>Time then id: the keyset of the chronological listing.</summary>
    public string Key { get; set; } = "";
}

/// <summary>The blog's addresses, for pages, API answers and the events other modules link with.</summary>
internal static class BlogPaths
{
    public static string Blog(string groupSlug) => $"/groups/{groupSlug}/blog";

    public static string Post(string groupSlug, Guid postId) => $"{Blog(groupSlug)}/{postId}";

    public static string Feed(string groupSlug) => $"{Blog(groupSlug)}/feed.atom";

    public static string Api(Guid groupId) => $"/api/knowledge/groups/{groupId}/posts";

    public static string Api(Guid groupId, Guid postId) => $"{Api(groupId)}/{postId}";
}
