using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Groups;

/// <summary>Join (open groups), ask to join (by request), decide on requests, and leave.</summary>
internal static class Joining
{
    /// <summary>New members contribute; facilitators can change that.</summary>
    public static readonly IReadOnlyList<GroupRole> NewMemberRoles = [GroupRole.Contributor];

    /// <summary>Joining a full open group is refused unless the member asks for its waiting list.</summary>
    internal sealed record Join(int? AcceptCodeOfConductVersion, string? Message, bool JoinWaitingList = false) : IRequest<JoinResult>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    /// <summary>State: Active (joined), Requested (awaiting a facilitator) or WaitingList (the group is full).</summary>
    internal sealed record JoinResult(string State);

    internal sealed record Decide(bool Approve, string? Message) : IRequest<JoinResult>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed record Leave(Guid GroupId) : IRequest<bool>;

    internal sealed class JoinValidator : AbstractValidator<Join>
    {
        public JoinValidator() => RuleFor(j => j.Message).MaximumLength(1000);
    }

    internal sealed class DecideValidator : AbstractValidator<Decide>
    {
        public DecideValidator() => RuleFor(d => d.Message).MaximumLength(1000);
    }

    internal sealed class JoinHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Join, JoinResult>
    {
        public async Task<JoinResult> Handle(Join join, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = await GroupAccess.LoadAsync(session, join.GroupId, me, cancellationToken);
            var group = context.Group;
            if (!context.CanSee)
            {
                throw ProblemException.NotFound("The group");
            }

            RefuseIfNotOpenToNewMembers(group);
            var membership = context.Membership;
            switch (membership?.State)
            {
                case GroupMembershipState.Active:
                    throw ProblemException.Conflict("You are already a member of this group.");
                case GroupMembershipState.Requested:
                    throw ProblemException.Conflict("Your request to join is already waiting for a facilitator.");
                case GroupMembershipState.WaitingList:
                    throw ProblemException.Conflict("You are already on this group's waiting list.");
                case GroupMembershipState.Banned:
                    throw ProblemException.Forbidden("You were banned from this group.");
            }

            if (group.JoinPolicy == JoinPolicy.ByInvitation)
            {
                throw ProblemException.Forbidden("This group is by invitation only: ask a facilitator to invite you.");
            }

            CodeOfConductRules.RequireAccepted(group, join.AcceptCodeOfConductVersion);
            var now = clock.GetUtcNow();
            membership ??= new GroupMembership { Id = GroupMembership.IdFor(group.Id, me.Id), GroupId = group.Id, MemberId = me.Id };
            membership.AcceptedCodeOfConductVersion = group.CodeOfConductVersion;
            membership.Message = join.Message?.Trim();
            membership.Roles = NewMemberRoles.ToList();

            if (group.JoinPolicy == JoinPolicy.ByRequest)
            {
                membership.State = GroupMembershipState.Requested;
                membership.Since = now;
                session.Store(membership);
            }
            else
            {
                if (group.IsFull && !join.JoinWaitingList)
                {
                    throw ProblemException.Conflict(
                        $"The group is full ({group.MemberCount} of {group.Capacity}). Join its waiting list to get the next free seat.");
                }

                await Seats.TakeOrWaitAsync(session, bus, group, membership, NewMemberRoles, now);
            }

            if (group.CodeOfConductVersion > 0)
            {
                await bus.PublishAsync(new CodeOfConductAccepted(group.Id, me.Id, group.CodeOfConductVersion, now));
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return new JoinResult(membership.State.ToString());
        }
    }

    internal sealed class DecideHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Decide, JoinResult>
    {
        public async Task<JoinResult> Handle(Decide decide, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.LoadAsync(session, decide.GroupId, me, cancellationToken)).Require(GroupAction.ApproveMembers).Group;
            var request = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(group.Id, decide.MemberId), cancellationToken);
            if (request is not { State: GroupMembershipState.Requested })
            {
                throw ProblemException.NotFound("A pending request from this member");
            }

            var now = clock.GetUtcNow();
            request.Message = decide.Message?.Trim();
            if (decide.Approve)
            {
                await Seats.TakeOrWaitAsync(session, bus, group, request, NewMemberRoles, now);
            }
            else
            {
                request.State = GroupMembershipState.Declined;
                request.Since = now;
                session.Store(request);
            }

            await bus.PublishAsync(new JoinRequestDecided(group.Id, request.MemberId, decide.Approve, request.Message, now));
            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return new JoinResult(request.State.ToString());
        }
    }

    internal sealed class LeaveHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Leave, bool>
    {
        public async Task<bool> Handle(Leave leave, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = await GroupAccess.LoadAsync(session, leave.GroupId, me, cancellationToken);
            var membership = context.Membership;
            if (!context.CanSee)
            {
                throw ProblemException.NotFound("The group"); // word for word what an unknown id gets (issue 18)
            }

            if (membership is null ||
                membership.State is not (GroupMembershipState.Active or GroupMembershipState.Requested or GroupMembershipState.WaitingList))
            {
                throw ProblemException.NotFound("Your membership of this group");
            }

            var now = clock.GetUtcNow();
            var wasActive = membership.IsActive;
            if (wasActive && membership.Roles.Contains(GroupRole.Sponsor))
            {
                await SponsorRules.RefuseLosingLastSponsorAsync(session, context.Group.Id, membership.MemberId, cancellationToken);
            }

            membership.State = GroupMembershipState.Left;
            membership.Since = now;
            session.Store(membership);
            if (wasActive)
            {
                await bus.PublishAsync(new MemberLeftGroup(context.Group.Id, me.Id, now));
                await Seats.FreeAsync(session, bus, context.Group, now);
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return true;
        }
    }

    public static void RefuseIfNotOpenToNewMembers(Group group)
    {
        if (group.Status is GroupStatus.Archived or GroupStatus.Closed)
        {
            throw ProblemException.Conflict($"The group is {group.Status.ToString().ToLowerInvariant()}: it takes no new members.");
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/groups/{groupId:guid}/join", (Guid groupId, Join join, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(join with { GroupId = groupId }, cancellationToken))
                .WithSummary("Join an open group, or ask to join one by request. Accept the current code of conduct version if it has one.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/groups/{groupId:guid}/join-requests/{memberId:guid}/decide", (Guid groupId, Guid memberId, Decide decide, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(decide with { GroupId = groupId, MemberId = memberId }, cancellationToken))
                .WithSummary("Approve or decline a request to join, with an optional message (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/groups/{groupId:guid}/leave", async (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Leave(groupId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Leave the group, or withdraw a request or a place on the waiting list.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

internal static class ConcurrentSeats
{
    /// <summary>Saves; when another request changed the group first (the last seat, typically), the caller gets a 409.</summary>
    public static async Task SaveAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (IsConcurrencyConflict(exception))
        {
            throw ProblemException.Conflict("Someone changed this group at the same moment (perhaps taking the last seat). Reload and try again.");
        }
    }

    private static bool IsConcurrencyConflict(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JasperFx.ConcurrencyException || exception.GetType().Name.Contains("Concurrency", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

internal static class SponsorRules
{
    public static async Task RefuseLosingLastSponsorAsync(IQuerySession session, Guid groupId, Guid memberId, CancellationToken cancellationToken)
    {
        var others = await session.Query<GroupMembership>().CountAsync(m => m.GroupId == groupId && m.MemberId != memberId &&
                                                                           m.State == GroupMembershipState.Active &&
                                                                           m.Roles.Contains(GroupRole.Sponsor), cancellationToken);
        if (others == 0)
        {
            throw ProblemException.Conflict("A group needs a sponsor: make someone else sponsor first.");
        }
    }
}
