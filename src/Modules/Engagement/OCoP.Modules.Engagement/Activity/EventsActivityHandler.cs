using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Events.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>
/// Events' integration events as activity items, in group streams, profiles and followers' feeds like forum activity: an
/// event scheduled (a series once, at its first occurrence), a member going, a member there, a session topic proposed.
/// Each counts as activity of the group. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class EventsActivityHandler
{
    public static Task Handle(GroupEventScheduled scheduled, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        scheduled.OccurrenceNumber is null or 1
            ? ActivityRecorder.RecordAsync(session, new ActivityDraft($"event/{scheduled.EventId:N}", scheduled.ScheduledBy, scheduled.GroupId,
                ActivityVerb.ScheduledEvent, scheduled.Title, $"{scheduled.StartsAt:u}", scheduled.Path, [scheduled.EventId], [], scheduled.ScheduledAt),
                BatchSize(configuration), cancellationToken)
            : Task.CompletedTask;

    public static Task Handle(GroupEventRsvpChanged changed, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        changed is { Answer: "Going", Waiting: false, Title: { } title, Path: { } path }
            ? ActivityRecorder.RecordAsync(session, new ActivityDraft($"event-going/{changed.EventId:N}/{changed.MemberId:N}", changed.MemberId, changed.GroupId,
                ActivityVerb.GoingToEvent, title, null, path, [changed.EventId], [], changed.ChangedAt), BatchSize(configuration), cancellationToken)
            : Task.CompletedTask;

    public static Task Handle(GroupEventCheckedIn checkedIn, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        checkedIn is { Title: { } title, Path: { } path }
            ? ActivityRecorder.RecordAsync(session, new ActivityDraft($"event-attended/{checkedIn.EventId:N}/{checkedIn.MemberId:N}", checkedIn.MemberId,
                checkedIn.GroupId, ActivityVerb.AttendedEvent, title, null, path, [checkedIn.EventId], [], checkedIn.CheckedInAt), BatchSize(configuration),
                cancellationToken)
            : Task.CompletedTask;

    public static Task Handle(SessionTopicProposed proposed, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ActivityRecorder.RecordAsync(session, new ActivityDraft($"proposal/{proposed.ProposalId:N}", proposed.ProposedBy, proposed.GroupId,
            ActivityVerb.ProposedSessionTopic, proposed.Title, null, proposed.Path, [proposed.ProposalId], [], proposed.ProposedAt), BatchSize(configuration),
            cancellationToken);

    private static int BatchSize(IConfiguration configuration) =>
        configuration.GetSection(EngagementOptions.Section).GetValue<int?>(nameof(EngagementOptions.FanOutBatchSize)) ?? new EngagementOptions().FanOutBatchSize;
}
