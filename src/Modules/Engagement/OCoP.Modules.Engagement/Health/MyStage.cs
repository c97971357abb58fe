using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Health;

/// <summary>
/// A member's own stage in one group (docs/health.md), by the same rules as the dashboard: for the member alone (all their
/// groups at once, for the profile: <see cref="MemberStages"/>). 403 for who is not a member of the group.
/// </summary>
internal static class MyStage
{
    internal sealed record Query(Guid GroupId) : IRequest<MyStageView>;

    internal sealed record MyStageView(Guid GroupId, SalmonStage Stage, string Name, DateTimeOffset ReachedAt, string? NextStep);

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, MyStageView>
    {
        public async Task<MyStageView> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var membership = await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(viewer.GroupId, me.Id), cancellationToken);
            if (membership is not { Active: true })
            {
                throw ProblemException.Forbidden($"Only members of {viewer.Name} have a stage there.");
            }

            var member = await session.LoadAsync<HealthMember>(HealthMember.IdFor(viewer.GroupId, me.Id), cancellationToken);
            var standing = SalmonStages.Classify(GroupStages.Evidence(member, membership), clock.GetUtcNow());
            return new MyStageView(viewer.GroupId, standing.Stage, SalmonStages.NameOf(standing.Stage), standing.ReachedAt, SalmonStages.NextStepFor(standing.Stage));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/groups/{groupId:guid}/stages/me", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId), cancellationToken))
                .WithSummary("The caller's own stage in a group (Salmon's five stages, docs/health.md); members only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
