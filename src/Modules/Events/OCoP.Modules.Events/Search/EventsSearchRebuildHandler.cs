using Marten;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Events.Search;

/// <summary>
/// Rebuilding the search index (docs/adr/0032): publishes again every event not cancelled, group by group, in pages of
/// a few hundred, in the handler's one outboxed transaction. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEventsStore))]
public static class EventsSearchRebuildHandler
{
    private const int EventsPerBatch = 300;

    public static async Task Handle(SearchIndexRebuildRequested requested, IDocumentSession reading, IMessageBus bus, CancellationToken cancellationToken)
    {
        var groups = await reading.Query<GroupFacts>().ToListAsync(cancellationToken);
        foreach (var group in groups.Where(g => g.IsKnown))
        {
            var after = "";
            while (true)
            {
                var batch = await reading.Query<GroupEvent>()
                    .Where(e => e.GroupId == group.Id && !e.Cancelled && e.StartKey.CompareTo(after) > 0)
                    .OrderBy(e => e.StartKey).Take(EventsPerBatch).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var groupEvent in batch)
                {
                    await EventsSearchFeed.PublishAsync(bus, groupEvent, group.Slug, requested.RequestedAt);
                }

                after = batch[^1].StartKey;
            }
        }
    }
}
