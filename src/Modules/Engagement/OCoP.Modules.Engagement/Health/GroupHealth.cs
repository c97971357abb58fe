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
            var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var now = clock.GetUtcNow();
            // One round trip for what does not depend on the days; the days only as DayFigures, without their sets of post ids.
            var batch = session.CreateBatchQuery();
            var daysRead = batch.Query<GroupDay>().Where(d => d.Id.IsOneOf(ids))
                .Select(d => new DayFigures(d.Day, d.Shape, d.Topics, d.Replies, d.ActiveMemberIds, d.NewMemberIds, d.ReaderIds, d.PostsByAuthor)).ToList();
            var topicsRead = batch.Query<HealthTopic>().Where(t => t.GroupId == viewer.GroupId && t.CreatedAt >= since).ToList();
            var membersRead = batch.Query<MembershipFacts>().Count(m => m.GroupId == viewer.GroupId && m.Active);
            var eventsRead = batch.Query<HealthEvent>().Where(e => e.GroupId == viewer.GroupId && e.StartsAt >= since && e.StartsAt <= now).ToList();
            await batch.Execute(cancellationToken);
            var days = (await daysRead).ToList();
            // A day last written before its shape changed (ADR 0081) is read whole, once, and counted the new way here.
            var older = days.Where(d => d.Shape < GroupDay.CurrentShape).Select(d => GroupDay.IdFor(viewer.GroupId, d.Day)).ToArray();
            if (older.Length > 0)
            {
                var upgraded = (await session.LoadManyAsync<GroupDay>(cancellationToken, older)).Select(DayFigures.Of).ToDictionary(d => d.Day);
                days = [.. days.Select(d => upgraded.GetValueOrDefault(d.Day, d))];
            }

            var newMembers = days.SelectMany(d => d.NewMemberIds).Distinct().Select(m => HealthMember.IdFor(viewer.GroupId, m)).ToArray();
            // Names only for the authors who can be among the top contributors, not for everyone who wrote this month.
            var authors = HealthFigures.TopContributorCandidates(days);
            var second = session.CreateBatchQuery();
            // Only what the figures need of a joiner: a prolific member's document holds every post id they wrote.
            var joinersRead = newMembers.Length == 0 ? null
                : second.Query<HealthMember>().Where(m => m.Id.IsOneOf(newMembers))
                    .Select(m => new HealthMember { Id = m.Id, GroupId = m.GroupId, MemberId = m.MemberId, JoinedAt = m.JoinedAt, FirstPostAt = m.FirstPostAt })
                    .ToList();
            var namesRead = authors.Length == 0 ? null : second.LoadMany<MemberFacts>().ById(authors);
            if (joinersRead is not null || namesRead is not null)
            {
                await second.Execute(cancellationToken);
            }
            var joiners = joinersRead is null ? [] : await joinersRead;
            var names = namesRead is null ? new Dictionary<Guid, string>() : (await namesRead).ToDictionary(m => m.Id, m => m.Name);
            var topics = await topicsRead;
            var members = (int)await membersRead;
            var events = await eventsRead;
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
