using Marten;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Rsvps;

/// <summary>First come, first served: while seats are free, the earliest waiting answers take them (docs/adr/0022).</summary>
internal static class WaitingList
{
    /// <summary>
    /// Called with the event's row locked, after the counts were changed: promotes as many waiting members as there are
    /// free seats, in arrival order, and answers them. <paramref name="except"/> is the member whose own answer this
    /// transaction is changing (their stored row is not what it will be).
    /// </summary>
    public static async Task<IReadOnlyList<Rsvp>> PromoteAsync(IDocumentSession session, GroupEvent groupEvent, Guid? except, CancellationToken cancellationToken)
    {
        var free = groupEvent.Capacity is { } seats ? seats - groupEvent.GoingCount : groupEvent.WaitingCount;
        if (groupEvent.WaitingCount == 0 || free <= 0)
        {
            return [];
        }

        var exceptId = except ?? Guid.Empty;
        var first = await session.Query<Rsvp>()
            .Where(r => r.EventId == groupEvent.Id && r.Waiting && r.MemberId != exceptId)
            .OrderBy(r => r.Position).Take(free).ToListAsync(cancellationToken);
        foreach (var rsvp in first)
        {
            rsvp.Waiting = false;
            groupEvent.GoingCount++;
            groupEvent.WaitingCount--;
            session.Store(rsvp);
        }

        return [.. first];
    }

    /// <summary>1 for the first waiting member; null for one who is not waiting.</summary>
    public static async Task<int?> PlaceOfAsync(IQuerySession session, Rsvp rsvp, CancellationToken cancellationToken) =>
        rsvp.Waiting
            ? 1 + await session.Query<Rsvp>().CountAsync(r => r.EventId == rsvp.EventId && r.Waiting && r.Position < rsvp.Position, cancellationToken)
            : null;
}
