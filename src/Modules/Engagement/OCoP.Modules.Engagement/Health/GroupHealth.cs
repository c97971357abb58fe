using System.Globalization;
using System.Text;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Health;

/// <summary>
/// A group's health dashboard (docs/health.md) for its facilitators and sponsors: read from the daily rollups
/// <see cref="GroupHealthHandler"/> keeps, never by scanning posts. Anyone else is refused by the shared rule
/// (<see cref="GroupAction.Moderate"/>: 403 for a contributor, 404 for who may not see the group).
/// </summary>
internal static class GroupHealth
{
    internal sealed record Query(Guid GroupId) : IRequest<HealthReport>;

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, HealthReport>
    {
        public async Task<HealthReport> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var from = today.AddDays(-(HealthFigures.PeriodDays - 1));
            var ids = Enumerable.Range(0, HealthFigures.PeriodDays).Select(i => GroupDay.IdFor(viewer.GroupId, from.AddDays(i))).ToArray();
            var days = await session.LoadManyAsync<GroupDay>(cancellationToken, ids);
            var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var topics = await session.Query<HealthTopic>().Where(t => t.GroupId == viewer.GroupId && t.CreatedAt >= since).ToListAsync(cancellationToken);
            var newMembers = days.SelectMany(d => d.NewMemberIds).Distinct().Select(m => HealthMember.IdFor(viewer.GroupId, m)).ToArray();
            var joiners = newMembers.Length == 0 ? [] : await session.LoadManyAsync<HealthMember>(cancellationToken, newMembers);
            var members = await session.Query<MembershipFacts>().CountAsync(m => m.GroupId == viewer.GroupId && m.Active, cancellationToken);
            // Names only for the authors who can be among the top contributors, not for everyone who wrote this month.
            var authors = HealthFigures.TopContributorCandidates(days);
            var names = authors.Length == 0
                ? new Dictionary<Guid, string>()
                : (await session.LoadManyAsync<MemberFacts>(cancellationToken, authors)).ToDictionary(m => m.Id, m => m.Name);
            var now = clock.GetUtcNow();
            var events = await session.Query<HealthEvent>()
                .Where(e => e.GroupId == viewer.GroupId && e.StartsAt >= since && e.StartsAt <= now).ToListAsync(cancellationToken);
            return HealthFigures.Compute(viewer.GroupId, viewer.Name, today, members, days, topics, joiners, names, events, now);
        }
    }

    /// <summary>The daily figures as CSV (RFC 4180), one row per day of the period.</summary>
    public static string Csv(HealthReport report)
    {
        var csv = new StringBuilder("day,active_members,topics,replies,new_members\r\n");
        foreach (var day in report.Days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd},{day.ActiveMembers},{day.Topics},{day.Replies},{day.NewMembers}\r\n");
        }

        return csv.ToString();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/groups/{groupId:guid}/health", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId), cancellationToken))
                .WithSummary("A group's health figures over the last 30 days (docs/health.md): facilitators and sponsors only.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/engagement/groups/{groupId:guid}/health/days", async (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Text(Csv(await mediator.Send(new Query(groupId), cancellationToken)), "text/csv; charset=utf-8"))
                .WithSummary("The health dashboard's daily figures as CSV: facilitators and sponsors only.")
                .Produces<string>(StatusCodes.Status200OK, "text/csv")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
