using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Contracts;
using Wolverine;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Publishing a post, now or at a time, and telling search and feeds: every path that publishes ends here, in the caller's outboxed session.</summary>
internal static class BlogPublishing
{
    /// <summary>Publishes now: the post, its event and its search entry commit together.</summary>
    public static async Task PublishAsync(IDocumentSession session, IMessageBus bus, BlogPost post, string groupSlug, DateTimeOffset now)
    {
        post.State = BlogPostState.Published;
        post.PublishAt = null;
        post.PublishedAt = now;
        post.PublishedKey = BlogPost.KeyFor(now, post.Id);
        post.UpdatedAt = now;
        session.Store(post);
        var path = post.PathIn(groupSlug);
        await bus.PublishAsync(new BlogPostPublished(post.GroupId, post.Id, post.Title, post.AuthorId, path, now));
        await IndexAsync(bus, post, groupSlug, now);
    }

    /// <summary>
    /// Publishes at <paramref name="publishAt"/> through a durable scheduled message (docs/adr/0012): it survives restarts
    /// and runs once whatever the number of hosts. Rescheduling leaves the older message to find its time stale.
    /// </summary>
    public static async Task ScheduleAsync(IDocumentSession session, IMessageBus bus, BlogPost post, DateTimeOffset publishAt, DateTimeOffset now)
    {
        if (publishAt <= now)
        {
            throw ProblemException.Invalid("publishAt", "A scheduled publication is in the future; leave it out to publish now.");
        }

        post.State = BlogPostState.Scheduled;
        post.PublishAt = publishAt;
        post.UpdatedAt = now;
        session.Store(post);
        await bus.ScheduleAsync(new BlogPublicationHandler.PublishScheduledBlogPost(post.Id, publishAt), publishAt);
    }

    /// <summary>A published post's current text, for /search (docs/search.md).</summary>
    public static Task IndexAsync(IMessageBus bus, BlogPost post, string groupSlug, DateTimeOffset now) =>
        bus.PublishAsync(new SearchableContentChanged(SearchableKind.BlogPost, post.Id, null, post.GroupId, post.AuthorId, post.Title, post.Source, null, [],
            post.PathIn(groupSlug), false, post.PublishedAt ?? post.CreatedAt, now)).AsTask();
}
