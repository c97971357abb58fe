using Marten;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Events.Reminders;

/// <summary>
/// Reminders as durable scheduled messages (docs/adr/0012, 0020): one per lead time, written with the event's transaction.
/// A reschedule or cancellation raises the event's <see cref="GroupEvent.ScheduleVersion"/> and schedules new ones; the old
/// messages still fire, find their version stale and do nothing. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEventsStore))]
public static class EventRemindersHandler
{
    /// <summary>Remind those going, <paramref name="Lead"/> before the event, if it is still at the time this was scheduled for.</summary>
    public sealed record SendEventReminder(Guid EventId, int ScheduleVersion, TimeSpan Lead);

    public static async Task Handle(SendEventReminder reminder, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        var groupEvent = await session.LoadAsync<GroupEvent>(reminder.EventId, cancellationToken);
        if (groupEvent is null || groupEvent.Cancelled || groupEvent.ScheduleVersion != reminder.ScheduleVersion)
        {
            return; // stale: the event moved or was cancelled after this reminder was scheduled
        }

        var going = await session.Query<Rsvp>()
            .Where(r => r.EventId == groupEvent.Id && r.Answer == RsvpAnswer.Going && !r.Waiting)
            .Select(r => r.MemberId).ToListAsync(cancellationToken);
        // Members who chose not to get this lead's reminder (ReminderPreferences) are left out; without a choice, all are reminded.
        var choices = (await session.LoadManyAsync<ReminderPreference>(cancellationToken, going.ToArray())).ToDictionary(p => p.Id);
        going = [.. going.Where(m => !choices.TryGetValue(m, out var choice) || choice.Wants(reminder.Lead))];
        if (going.Count == 0)
        {
            return;
        }

        var group = await session.LoadAsync<GroupFacts>(groupEvent.GroupId, cancellationToken);
        await bus.PublishAsync(new GroupEventReminderDue(groupEvent.Id, groupEvent.GroupId, groupEvent.Title, groupEvent.StartsAt, reminder.Lead, [.. going],
            groupEvent.PathIn(group?.Slug ?? ""), groupEvent.StartsAt - reminder.Lead));
    }

    /// <summary>Schedules the reminders of the event's current time through the caller's outbox; leads already past are skipped.</summary>
    internal static async Task ScheduleAsync(IMessageBus bus, GroupEvent groupEvent, IEnumerable<TimeSpan> leads, DateTimeOffset now)
    {
        if (groupEvent.Cancelled)
        {
            return;
        }

        foreach (var lead in leads.Distinct())
        {
            var due = groupEvent.StartsAt - lead;
            if (due > now)
            {
                await bus.ScheduleAsync(new SendEventReminder(groupEvent.Id, groupEvent.ScheduleVersion, lead), due - now);
            }
        }
    }
}
