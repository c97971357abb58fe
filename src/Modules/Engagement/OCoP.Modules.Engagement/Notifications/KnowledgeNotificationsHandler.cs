using Marten;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Notifications;

/// <summary>
/// Notifies the watchers of a wiki page, a group's blog or a group's resource directory (follows at the watching level)
/// when Knowledge reports a change: a page edited or reviewed, a blog post published or commented, a resource added,
/// vetted or flagged. Never the member who acted, never one who muted the group, only members who may still read the
/// group. The notifications reach e-mail by the member's preferences (a daily digest by default). Also keeps
/// <see cref="KnownWikiPage"/>, what a page follow needs. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class KnowledgeNotificationsHandler
{
    public static void Handle(WikiPageCreated created, IDocumentSession session) =>
        session.Store(new KnownWikiPage { Id = created.PageId, GroupId = created.GroupId, Title = created.Title, Path = created.Path });

    public static async Task Handle(WikiPageEdited edited, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        session.Store(new KnownWikiPage { Id = edited.PageId, GroupId = edited.GroupId, Title = edited.Title, Path = edited.Path });
        var what = edited.RevertedFrom is { } from ? $"was reverted to revision {from}" : "was edited";
        await NotifyAsync(session, bus, edited.GroupId, FollowTarget.WikiPage, edited.PageId, edited.EditorId, $"wiki:{edited.PageId:N}",
            $"{edited.Title} {what}", edited.Path, edited.Summary.Length > 0 ? edited.Summary : null, edited.At, cancellationToken);
    }

    public static Task Handle(WikiPageReviewed reviewed, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, reviewed.GroupId, FollowTarget.WikiPage, reviewed.PageId, reviewed.ReviewerId, $"wiki:{reviewed.PageId:N}",
            $"{reviewed.Title} was marked reviewed", reviewed.Path, null, reviewed.At, cancellationToken);

    public static Task Handle(BlogPostPublished published, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, published.GroupId, FollowTarget.Blog, published.GroupId, published.AuthorId, $"blog-post:{published.PostId:N}",
            $"New blog post: {published.Title}", published.Path, null, published.At, cancellationToken);

    public static Task Handle(BlogCommentAdded added, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, added.GroupId, FollowTarget.Blog, added.GroupId, added.AuthorId, $"blog-post:{added.PostId:N}",
            $"New comment on {added.PostTitle}", added.Path, null, added.At, cancellationToken);

    public static Task Handle(ResourceAdded added, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, added.GroupId, FollowTarget.Resources, added.GroupId, added.SubmitterId, $"resource:{added.ResourceId:N}",
            $"New resource: {added.Title}", added.Path, null, added.At, cancellationToken);

    public static Task Handle(ResourceVetted vetted, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, vetted.GroupId, FollowTarget.Resources, vetted.GroupId, vetted.ExpertId, $"resource:{vetted.ResourceId:N}",
            vetted.Vetted ? $"{vetted.Title} was vetted" : $"{vetted.Title} is no longer vetted", vetted.Path, null, vetted.At, cancellationToken);

    public static Task Handle(ResourceConcernFlagged flagged, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, flagged.GroupId, FollowTarget.Resources, flagged.GroupId, flagged.FlaggedBy, $"resource:{flagged.ResourceId:N}",
            $"A concern was flagged on {flagged.Title}", flagged.Path, ConcernText(flagged.Concern), flagged.At, cancellationToken);

    private static async Task NotifyAsync(IDocumentSession session, IMessageBus bus, Guid groupId, FollowTarget target, Guid targetId, Guid? actorId,
        string groupingKey, string title, string path, string? excerpt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // One query: the watchers of the thing and whoever muted its group (muted means nothing at all, as for topics).
        var thing = Follow.TargetIdFor(targetId);
        var group = Follow.TargetIdFor(groupId);
        var follows = await session.Query<Follow>()
            .Where(f => (f.Target == target && f.TargetId == thing && f.Level == FollowLevel.Watching)
                || (f.Target == FollowTarget.Group && f.TargetId == group && f.Level == FollowLevel.Muted))
            .Select(f => new { f.MemberId, f.Target })
            .ToListAsync(cancellationToken);
        var muted = follows.Where(f => f.Target == FollowTarget.Group).Select(f => f.MemberId).ToHashSet();
        var candidates = follows.Where(f => f.Target == target && f.MemberId != actorId && !muted.Contains(f.MemberId)).Select(f => f.MemberId).Distinct()
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var readers = await GroupReaders.WhoMayReadAsync(session, groupId, candidates, cancellationToken);
        var actor = actorId is { } id ? await session.LoadAsync<MemberFacts>(id, cancellationToken) : null;
        var drafts = candidates.Where(readers.Contains)
            .Select(m => new NotificationDraft(m, NotificationKind.WatchedKnowledge, groupingKey, groupId, title, path, actor?.Name ?? (actorId is null ? "The link check" : null),
                excerpt, at, actorId))
            .ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
    }

    private static string ConcernText(string concern) => concern switch
    {
        "BrokenLink" => "Broken link",
        "Outdated" => "Outdated",
        "Wrong" => "Wrong",
        _ => concern,
    };
}
