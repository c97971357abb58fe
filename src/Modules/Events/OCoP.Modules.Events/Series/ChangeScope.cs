using Marten;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Series;

/// <summary>What a change to an occurrence of a series applies to.</summary>
internal enum ChangeScope
{
    ThisOccurrence,
    ThisAndFollowing,
}

internal static class SeriesTargets
{
    /// <summary>
    /// The event itself (already locked), and with <see cref="ChangeScope.ThisAndFollowing"/> every later occurrence of its
    /// series that is not cancelled, locked in id order in the same transaction.
    /// </summary>
    public static async Task<IReadOnlyList<GroupEvent>> LoadAsync(IDocumentSession session, GroupEvent groupEvent, ChangeScope scope,
        CancellationToken cancellationToken)
    {
        if (scope == ChangeScope.ThisOccurrence || groupEvent.SeriesId is not { } seriesId)
        {
            return [groupEvent];
        }

        var number = groupEvent.OccurrenceNumber ?? 0;
        var ids = await session.Query<GroupEvent>()
            .Where(e => e.SeriesId == seriesId && e.OccurrenceNumber > number && !e.Cancelled)
            .Select(e => e.Id).ToListAsync(cancellationToken);
        var following = ids.Count == 0
            ? []
            : await session.QueryAsync<GroupEvent>("where id = ANY(?) order by id for update", cancellationToken, ids.ToArray());
        return [groupEvent, .. following.OrderBy(e => e.OccurrenceNumber)];
    }
}
