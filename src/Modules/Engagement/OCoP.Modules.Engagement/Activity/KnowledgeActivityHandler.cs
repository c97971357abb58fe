using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Knowledge.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>
/// Knowledge's events as activity items: pages written and edited, blog posts published and commented, resources added
/// and vetted. Shown in group streams, profiles and followers' feeds like forum activity; a follower of the actor, the
/// group or the page, post or resource (its id is a subject) gets a feed entry. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class KnowledgeActivityHandler
{
    public static Task Handle(WikiPageCreated created, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"wiki/{created.PageId:N}/{created.Revision}", created.AuthorId, created.GroupId,
            ActivityVerb.WrotePage, created.Title, null, created.Path, [created.PageId], [], created.At), BatchSize(configuration), cancellationToken);

    public static Task Handle(WikiPageEdited edited, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"wiki/{edited.PageId:N}/{edited.Revision}", edited.EditorId, edited.GroupId,
            ActivityVerb.EditedPage, edited.Title, edited.Summary.Length > 0 ? edited.Summary : null, edited.Path, [edited.PageId], [], edited.At),
            BatchSize(configuration), cancellationToken);

    public static Task Handle(BlogPostPublished published, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"blog/{published.PostId:N}", published.AuthorId, published.GroupId,
            ActivityVerb.PublishedPost, published.Title, null, published.Path, [published.PostId], [], published.At), BatchSize(configuration), cancellationToken);

    public static Task Handle(BlogCommentAdded added, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"blog-comment/{added.CommentId:N}", added.AuthorId, added.GroupId,
            ActivityVerb.CommentedOnPost, added.PostTitle, null, added.Path, [added.PostId, added.CommentId], [], added.At), BatchSize(configuration),
            cancellationToken);

    public static Task Handle(ResourceAdded added, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"resource/{added.ResourceId:N}", added.SubmitterId, added.GroupId,
            ActivityVerb.AddedResource, added.Title, null, added.Path, [added.ResourceId], [], added.At), BatchSize(configuration), cancellationToken);

    public static Task Handle(ResourceVetted vetted, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        vetted.Vetted
            ? ActivityRecorder.RecordAsync(session, new ActivityDraft($"resource-vetted/{vetted.ResourceId:N}/{vetted.At.UtcTicks}", vetted.ExpertId,
                vetted.GroupId, ActivityVerb.VettedResource, vetted.Title, null, vetted.Path, [vetted.ResourceId], [], vetted.At), BatchSize(configuration),
                cancellationToken)
            : Task.CompletedTask;

    private static int BatchSize(IConfiguration configuration) =>
        configuration.GetSection(EngagementOptions.Section).GetValue<int?>(nameof(EngagementOptions.FanOutBatchSize)) ?? new EngagementOptions().FanOutBatchSize;
}
