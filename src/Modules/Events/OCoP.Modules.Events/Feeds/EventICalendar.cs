using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;
using Wolverine;

namespace OCoP.Modules.Events.Feeds;

/// <summary>One event as an .ics file, for "add to my calendar".</summary>
internal static class EventICalendar
{
    internal sealed record Query(Guid EventId) : IRequest<ICalendarWriter.Calendar>;

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, IOptions<SiteOptions> site) : IRequestHandler<Query, ICalendarWriter.Calendar>
    {
        public async Task<ICalendarWriter.Calendar> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            var mine = me.IsAuthenticated ? await session.LoadAsync<Rsvp>(Rsvp.IdFor(groupEvent.Id, me.Id), cancellationToken) : null;
            var withLink = EventAccess.IsOrganiser(group, groupEvent) || mine is { HasSeat: true } ? new HashSet<Guid> { groupEvent.Id } : [];
            return new ICalendarWriter.Calendar(groupEvent.Title, [(groupEvent, group.Slug)], withLink, site.Value);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/events/{eventId:guid}/ical", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                    ICalendarWriter.Result(await mediator.Send(new Query(eventId), cancellationToken)))
                .WithSummary("The event as iCalendar (an .ics file).");
    }
}
