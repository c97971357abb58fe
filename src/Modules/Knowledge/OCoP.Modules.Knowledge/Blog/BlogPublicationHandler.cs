using Marten;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Publishes a scheduled post when its time comes. Public for Wolverine (docs/adr/0001); the message is nested so it stays the module's own.</summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class BlogPublicationHandler
{
    /// <summary>Publish the post if it is still scheduled for <paramref name="PublishAt"/>: an unscheduled or rescheduled post ignores it.</summary>
    public sealed record PublishScheduledBlogPost(Guid PostId, DateTimeOffset PublishAt);

    public static async Task Handle(PublishScheduledBlogPost due, IDocumentSession session, IMessageContext bus, TimeProvider clock, CancellationToken cancellationToken)
    {
        var post = await session.LoadAsync<BlogPost>(due.PostId, cancellationToken);
        if (post is not { State: BlogPostState.Scheduled } || post.PublishAt != due.PublishAt)
        {
            return;
        }

        var group = await session.LoadAsync<GroupFacts>(post.GroupId, cancellationToken);
        await BlogPublishing.PublishAsync(session, bus, post, group?.Slug ?? "", clock.GetUtcNow());
    }
}
