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

/// <summary>How many of a group's members stand at each of Salmon's stages.</summary>
internal sealed record StageCount(SalmonStage Stage, string Name, int Members);

/// <summary>A member who stayed at a stage longer than <see cref="SalmonStages.StuckAfter"/>, with what could help.</summary>
internal sealed record StuckMember(Guid MemberId, string Name, SalmonStage Stage, DateTimeOffset Since, int Days, string SuggestedAction,
    DateTimeOffset? WelcomedAt);

/// <summary>The funnel of a group's active members through the stages, and who is stuck, longest first.</summary>
internal sealed record StageReport(Guid GroupId, IReadOnlyList<StageCount> Funnel, IReadOnlyList<StuckMember> Stuck);

/// <summary>
/// Member progression on the dashboard (docs/health.md): each active member's milestones, kept by
/// <see cref="GroupHealthHandler"/>, classified by the pure <see cref="SalmonStages"/> rules. Facilitators and sponsors only.
/// Reads one document per member of the group (not per post).
/// </summary>
internal static class GroupStages
{
    public const int MaxStuckShown = 50;

    internal sealed record Query(Guid GroupId) : IRequest<StageReport>;

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, StageReport>
    {
        public async Task<StageReport> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var groupId = viewer.GroupId;
            var memberships = await session.Query<MembershipFacts>().Where(m => m.GroupId == groupId && m.Active).ToListAsync(cancellationToken);
            var ids = memberships.Select(m => HealthMember.IdFor(groupId, m.MemberId)).ToArray();
            var members = ids.Length == 0 ? [] : (await session.LoadManyAsync<HealthMember>(cancellationToken, ids)).ToDictionary(m => m.MemberId);
            var now = clock.GetUtcNow();
            var standings = memberships.Select(m => (m.MemberId, Member: members.GetValueOrDefault(m.MemberId),
                    Standing: SalmonStages.Classify(Evidence(members.GetValueOrDefault(m.MemberId), m), now)))
                .ToList();
            var stuck = standings.Where(s => s.Standing.Stuck).OrderByDescending(s => s.Standing.For).Take(MaxStuckShown).ToList();
            var names = stuck.Count == 0
                ? new Dictionary<Guid, string>()
                : (await session.LoadManyAsync<MemberFacts>(cancellationToken, stuck.Select(s => s.MemberId).ToArray())).ToDictionary(m => m.Id, m => m.Name);
            return new StageReport(groupId,
                Enum.GetValues<SalmonStage>().Select(stage => new StageCount(stage, SalmonStages.NameOf(stage), standings.Count(s => s.Standing.Stage == stage)))
                    .ToList(),
                stuck.Select(s => new StuckMember(s.MemberId, names.GetValueOrDefault(s.MemberId, MemberNames.FormerMember), s.Standing.Stage,
                    s.Standing.ReachedAt, (int)s.Standing.For.TotalDays, s.Standing.SuggestedAction!, s.Member?.WelcomedAt)).ToList());
        }
    }

    /// <summary>The milestones of one member; the replica's join time when the join event has not been seen.</summary>
    internal static StageEvidence Evidence(HealthMember? member, MembershipFacts membership) =>
        new(member?.JoinedAt ?? membership.JoinedAt ?? DateTimeOffset.MinValue,
            FirstPostAt: member?.FirstPostAt,
            ThirdReplyAt: member?.ThirdReplyAt,
            FirstAcceptedAnswerAt: member?.FirstAcceptedAnswerAt,
            FirstWikiEditAt: member?.FirstWikiEditAt,
            LeadershipAt: member?.LeadershipAt);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/groups/{groupId:guid}/stages", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId), cancellationToken))
                .WithSummary("Salmon's stages in a group: the funnel and who is stuck (docs/health.md); facilitators and sponsors only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
