using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Breakouts;

/// <summary>An event's breakout groups, with names, and the caller's own group; members of the group may see them.</summary>
internal static class BreakoutsView
{
    internal sealed record Person(Guid MemberId, string Name);

    internal sealed record Room(int Number, string? Purpose, string? MeetingLink, IReadOnlyList<Person> Members);

    /// <param name="Mine">The number of the caller's group, if they are in one.</param>
    internal sealed record View(Guid EventId, IReadOnlyList<Room> Rooms, int? Mine, DateTimeOffset? MadeAt);

    internal sealed record Query(Guid EventId) : IRequest<View>;

    public static async Task<View> OfAsync(IQuerySession session, BreakoutPlan? plan, Guid viewerId, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            return new View(Guid.Empty, [], null, null);
        }

        var ids = plan.Rooms.SelectMany(r => r.MemberIds).Distinct().ToArray();
        var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, ids)).ToDictionary(m => m.Id, m => m.Name);
        return new View(plan.Id,
            [.. plan.Rooms.Select(r => new Room(r.Number, r.Purpose, r.MeetingLink,
                [.. r.MemberIds.Select(id => new Person(id, names.GetValueOrDefault(id) ?? MemberNames.FormerMember)).OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)]))],
            plan.RoomOf(viewerId)?.Number, plan.MadeAt);
    }

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            if (!group.IsMember && !EventAccess.IsOrganiser(group, groupEvent))
            {
                group.RequireToChange(GroupAction.ManageEvents);
            }

            var view = await OfAsync(session, await session.LoadAsync<BreakoutPlan>(groupEvent.Id, cancellationToken), me.Id, cancellationToken);
            return view with { EventId = groupEvent.Id };
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/events/{eventId:guid}/breakouts", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(eventId), cancellationToken)))
                .WithSummary("Members of the group: the event's breakout groups and which one is the caller's (mine); no rooms before the split.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
