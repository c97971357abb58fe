using Marten;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Notifications;

/// <summary>
/// In-app notifications (and, through <see cref="NotificationWriter"/>, the e-mail alerts of the one e-mail path) for group
/// events: a seat offered from the waiting list, a change, a cancellation, a reminder. Only to members who may still read
/// the group, never to the member who acted. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class EventNotificationsHandler
{
    public static Task Handle(GroupEventSeatOffered offered, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, offered.GroupId, [offered.MemberId], null, NotificationKind.EventSeatOffered,
            $"event:{offered.EventId:N}/seat/{offered.PromotedAt.UtcTicks}", $"{offered.Title}: a seat freed up and it is yours", offered.Path,
            $"You were on the waiting list; you are now going. It starts {offered.StartsAt:u}.", offered.PromotedAt, cancellationToken);

    public static Task Handle(GroupEventChanged changed, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, changed.GroupId, changed.Going, changed.ChangedBy, NotificationKind.EventChanged,
            $"event:{changed.EventId:N}/changed/{changed.ChangedAt.UtcTicks}", $"{changed.Title} changed", changed.Path,
            $"It now starts {changed.StartsAt:u} and ends {changed.EndsAt:u}.", changed.ChangedAt, cancellationToken);

    public static Task Handle(GroupEventCancelled cancelled, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, cancelled.GroupId, cancelled.Going, cancelled.CancelledBy, NotificationKind.EventCancelled,
            $"event:{cancelled.EventId:N}/cancelled", $"{cancelled.Title} is cancelled", cancelled.Path, null, cancelled.CancelledAt, cancellationToken);

    public static Task Handle(GroupEventReminderDue due, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, due.GroupId, due.Going, null, NotificationKind.EventReminder,
            $"event:{due.EventId:N}/reminder/{due.Lead.Ticks}/{due.StartsAt.UtcTicks}", $"Reminder: {due.Title} starts soon", due.Path,
            $"It starts {due.StartsAt:u}.", due.DueAt, cancellationToken);

    public static Task Handle(SessionTopicScheduled scheduled, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        NotifyAsync(session, bus, scheduled.GroupId, [scheduled.ProposedBy], scheduled.ScheduledBy, NotificationKind.SessionTopicScheduled,
            $"proposal:{scheduled.ProposalId:N}/scheduled", $"Your proposal is on the calendar: {scheduled.Title}", scheduled.Path,
            $"It starts {scheduled.StartsAt:u}.", scheduled.ScheduledAt, cancellationToken);

    private static async Task NotifyAsync(IDocumentSession session, IMessageBus bus, Guid groupId, IReadOnlyList<Guid> members, Guid? actorId,
        NotificationKind kind, string groupingKey, string title, string path, string? excerpt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var candidates = members.Where(m => m != actorId).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var readers = await GroupReaders.WhoMayReadAsync(session, groupId, candidates, cancellationToken);
        var actor = actorId is { } id ? await session.LoadAsync<MemberFacts>(id, cancellationToken) : null;
        var drafts = candidates.Where(readers.Contains)
            .Select(m => new NotificationDraft(m, kind, groupingKey, groupId, title, path, actor?.Name, excerpt, at, actorId)).ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
    }
}
