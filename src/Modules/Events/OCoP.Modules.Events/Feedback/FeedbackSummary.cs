using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Feedback;

/// <summary>An event's feedback summarised for its organisers: how many of those present answered, the average and spread of ratings, the comments (unsigned).</summary>
internal static class FeedbackSummary
{
    internal sealed record Comment(int Rating, string? WhatWorked, string? WhatToChange);

    /// <param name="Ratings">How many gave 1, 2, 3, 4 and 5.</param>
    internal sealed record Summary(Guid EventId, int Present, int Responses, double? AverageRating, IReadOnlyList<int> Ratings, IReadOnlyList<Comment> Comments);

    internal sealed record Query(Guid EventId) : IRequest<Summary>;

    public static Summary Of(Guid eventId, int present, IReadOnlyList<FeedbackEntry> entries) =>
        new(eventId, present, entries.Count, entries.Count == 0 ? null : Math.Round(entries.Average(e => e.Rating), 2),
            [.. Enumerable.Range(1, 5).Select(r => entries.Count(e => e.Rating == r))],
            [.. entries.Where(e => e.WhatWorked is not null || e.WhatToChange is not null).OrderBy(e => e.GivenAt)
                .Select(e => new Comment(e.Rating, e.WhatWorked, e.WhatToChange))]);

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, Summary>
    {
        public async Task<Summary> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            if (!EventAccess.IsOrganiser(group, groupEvent))
            {
                group.RequireToChange(GroupAction.ManageEvents);
            }

            var entries = await session.Query<FeedbackEntry>().Where(f => f.EventId == groupEvent.Id).ToListAsync(cancellationToken);
            var present = await session.Query<AttendanceRecord>().CountAsync(a => a.EventId == groupEvent.Id, cancellationToken);
            return Of(groupEvent.Id, present, entries);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/events/{eventId:guid}/feedback", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(eventId), cancellationToken)))
                .WithSummary("Organisers: the event's feedback summarised: responses of those present, average and count per rating, unsigned comments.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
