using Marten;
using OCoP.BuildingBlocks.Live;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Notifications;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Live;

/// <summary>
/// Live updates over the members' connections: the notification badge when their notifications change, and "new
/// replies" to the pages showing a topic (connections admitted by the group's rule in <see cref="LiveHub.WatchTopic"/>).
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class LiveUpdatesHandler
{
    /// <summary>Published with the notifications it names, after they are committed.</summary>
    public sealed record UnreadChanged(IReadOnlyList<Guid> MemberIds);

    public static async Task Handle(UnreadChanged changed, IDocumentSession session, ILiveConnections live, CancellationToken cancellationToken)
    {
        foreach (var member in changed.MemberIds.Distinct().Where(live.IsConnected))
        {
            var unread = await Inbox.CountUnreadAsync(session, member, cancellationToken);
            await live.SendToMemberAsync(member, LiveEvents.Badge, new { unread }, cancellationToken);
        }
    }

    public static Task Handle(PostCreated created, ILiveConnections live, CancellationToken cancellationToken) =>
        created.PostNumber <= 1
            ? Task.CompletedTask
            : live.SendToGroupAsync(LiveGroups.Topic(created.TopicId), LiveEvents.TopicReply,
                new { topicId = created.TopicId, postNumber = created.PostNumber, authorId = created.AuthorId, path = created.Path }, cancellationToken);
}
