using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Events.Calendar;
using Wolverine;

namespace OCoP.Modules.Events.Search;

/// <summary>
/// What search knows of an event (docs/search.md): its title, its description and place, the organiser's date as
/// context; the group's visibility decides who finds it. Cancelled events leave the index.
/// </summary>
internal static class EventsSearchFeed
{
    public static ValueTask PublishAsync(IMessageBus bus, GroupEvent groupEvent, string groupSlug, DateTimeOffset now) =>
        groupEvent.Cancelled
            ? bus.PublishAsync(new SearchableContentRemoved(SearchableKind.Event, groupEvent.Id, now))
            : bus.PublishAsync(new SearchableContentChanged(SearchableKind.Event, groupEvent.Id, ParentId: null, groupEvent.GroupId, groupEvent.CreatedBy, groupEvent.Title,
                string.Join("\n\n", new[] { groupEvent.Description, groupEvent.Place ?? "" }.Where(t => t.Length > 0)),
                Context: $"{groupEvent.StartLocal:yyyy-MM-dd HH:mm} ({groupEvent.TimeZone})", Tags: [], groupEvent.PathIn(groupSlug), Accepted: false,
                groupEvent.CreatedAt, now));
}
