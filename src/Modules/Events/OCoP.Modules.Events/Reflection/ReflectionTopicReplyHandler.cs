using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Events.Calendar;
using Wolverine.Marten;

namespace OCoP.Modules.Events.Reflection;

/// <summary>
/// Discussions' answer to <see cref="StartReflectionTopic"/>: the topic's link is kept on the event, or the refusal, after
/// which an organiser may ask again. Repeated answers change nothing more. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEventsStore))]
public static class ReflectionTopicReplyHandler
{
    public static async Task Handle(ReflectionTopicStarted started, IDocumentSession session, CancellationToken cancellationToken)
    {
        var groupEvent = await RowLocks.LoadForUpdateAsync<GroupEvent>(session, started.EventId, cancellationToken);
        if (groupEvent is null || groupEvent.ReflectionTopic is { Opened: true })
        {
            return;
        }

        groupEvent.ReflectionTopic = new ReflectionTopic
        {
            Title = started.Title, RequestedAt = groupEvent.ReflectionTopic?.RequestedAt ?? started.StartedAt, Path = started.Path,
            TopicId = started.TopicId, OpenedAt = started.StartedAt,
        };
        session.Store(groupEvent);
    }

    public static async Task Handle(ReflectionTopicRefused refused, IDocumentSession session, CancellationToken cancellationToken)
    {
        var groupEvent = await RowLocks.LoadForUpdateAsync<GroupEvent>(session, refused.EventId, cancellationToken);
        if (groupEvent?.ReflectionTopic is not { Pending: true } asked)
        {
            return;
        }

        asked.Refusal = refused.Reason;
        session.Store(groupEvent);
    }
}
