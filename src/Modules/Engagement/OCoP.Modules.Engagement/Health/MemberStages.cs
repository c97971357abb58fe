using Carter;
using FluentValidation;
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
/// Whether a member shows their stages on their profile (docs/health.md). Absent: shown. Keyed by the member's id; the
/// member's own choice, so it goes with their account.
/// </summary>
internal sealed class StageDisplay
{
    public Guid Id { get; set; }
    public bool Hidden { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// A member's stage in each of their groups, for their profile (docs/health.md "On the profile"), by the same rules as
/// the dashboard. Each group is shown only to a viewer who may read that group (the group-access rule, as its pages), so
/// a secret group's name never leaks through a profile. A member may hide their stages: others then see none; the member
/// always sees their own, with the next step that would move them on.
/// </summary>
internal static class MemberStages
{
    internal sealed record Query(Guid MemberId) : IRequest<MemberStagesView>;

    internal sealed record GroupStage(Guid GroupId, string Slug, string GroupName, SalmonStage Stage, string Name, DateTimeOffset ReachedAt,
        string? NextStep);

    internal sealed record MemberStagesView(Guid MemberId, bool Hidden, IReadOnlyList<GroupStage> Groups);

    internal sealed record ChangeDisplay(bool? Hidden) : IRequest<MemberStagesView>;

    internal sealed class ChangeDisplayValidator : AbstractValidator<ChangeDisplay>
    {
        public ChangeDisplayValidator() =>
            RuleFor(c => c.Hidden).NotNull().WithMessage("Say whether to hide your stages (true) or show them (false).");
    }

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, MemberStagesView>
    {
        public async Task<MemberStagesView> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            return await ViewAsync(session, bus, me, clock.GetUtcNow(), query.MemberId, cancellationToken);
        }
    }

    internal sealed class ChangeDisplayHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<ChangeDisplay, MemberStagesView>
    {
        public async Task<MemberStagesView> Handle(ChangeDisplay change, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            session.Store(new StageDisplay { Id = me.Id, Hidden = change.Hidden!.Value, ChangedAt = now });
            await session.SaveChangesAsync(cancellationToken);
            return await ViewAsync(session, bus, me, now, me.Id, cancellationToken);
        }
    }

    private static async Task<MemberStagesView> ViewAsync(IQuerySession session, IMessageBus bus, CurrentMember me, DateTimeOffset now, Guid memberId,
        CancellationToken cancellationToken)
    {
        // The caller always exists to themselves, even before this module's replica has heard of their account.
        var isMe = me.Id == memberId;
        if (!isMe && await session.LoadAsync<MemberFacts>(memberId, cancellationToken) is null or { Deleted: true })
        {
            throw ProblemException.NotFound("The member");
        }

        var hidden = (await session.LoadAsync<StageDisplay>(memberId, cancellationToken))?.Hidden ?? false;
        if (hidden && !isMe)
        {
            return new MemberStagesView(memberId, true, []);
        }

        var memberships = await session.Query<MembershipFacts>().Where(m => m.MemberId == memberId && m.Active).ToListAsync(cancellationToken);
        var milestones = memberships.Count == 0
            ? new Dictionary<Guid, HealthMember>()
            : (await session.LoadManyAsync<HealthMember>(cancellationToken, memberships.Select(m => HealthMember.IdFor(m.GroupId, memberId)).ToArray()))
                .ToDictionary(h => h.GroupId);
        var groups = new List<GroupStage>();
        foreach (var membership in memberships)
        {
            GroupViewer viewer;
            try
            {
                viewer = await GroupAccess.ForReadAsync(session, bus, membership.GroupId, me, cancellationToken);
            }
            catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
            {
                continue; // a group this module does not know yet
            }

            if (!viewer.CanRead)
            {
                continue;
            }

            var standing = SalmonStages.Classify(GroupStages.Evidence(milestones.GetValueOrDefault(membership.GroupId), membership), now);
            groups.Add(new GroupStage(viewer.GroupId, viewer.Slug, viewer.Name, standing.Stage, SalmonStages.NameOf(standing.Stage), standing.ReachedAt,
                isMe ? SalmonStages.NextStepFor(standing.Stage) : null));
        }

        return new MemberStagesView(memberId, hidden, groups.OrderBy(g => g.GroupName, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/members/{memberId:guid}/stages", (Guid memberId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(memberId), cancellationToken))
                .WithSummary("A member's stage in each of their groups the caller may read (Salmon's five stages, docs/health.md); none when they hide them.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPut("/api/engagement/members/me/stage-display", (ChangeDisplay change, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(change, cancellationToken))
                .WithSummary("Hide or show the caller's stages on their profile.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
