using OCoP.Modules.Membership.Audit;
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
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten.Publishing;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Membership.Groups;

/// <summary>Who is in a group, and the facilitators' tools: roles, removal and bans.</summary>
internal static class GroupMembers
{
    internal sealed record List(Guid GroupId, string? State) : IRequest<IReadOnlyList<Entry>>;

    internal sealed record Entry(Guid MemberId, string DisplayName, string State, IReadOnlyList<GroupRole> Roles, DateTimeOffset Since,
        string? Message, bool HasAcceptedCurrentCodeOfConduct, DateTimeOffset? ExpiresAt, string? FeeStatus);

    internal sealed record SetRoles(IReadOnlyList<GroupRole> Roles) : IRequest<IReadOnlyList<GroupRole>>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed record Remove(string Reason, bool Ban = false) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class SetRolesValidator : AbstractValidator<SetRoles>
    {
        public SetRolesValidator()
        {
            RuleFor(s => s.Roles).NotEmpty().WithMessage("A member holds at least one role (reader is the least).");
            RuleForEach(s => s.Roles).IsInEnum();
        }
    }

    internal sealed class RemoveValidator : AbstractValidator<Remove>
    {
        public RemoveValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }

    internal sealed class ListHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<List, IReadOnlyList<Entry>>
    {
        public async Task<IReadOnlyList<Entry>> Handle(List list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = await GroupAccess.LoadAsync(session, list.GroupId, me, cancellationToken);
            var state = GroupMembershipState.Active;
            if (list.State is not null && !Enum.TryParse(list.State, ignoreCase: true, out state))
            {
                throw ProblemException.Invalid("state", $"Unknown state '{list.State}'.");
            }

            // Members see who else is in the group; only facilitators see requests, the waiting list and removals.
            context.Require(state == GroupMembershipState.Active ? GroupAction.Read : GroupAction.ApproveMembers);

            var memberships = await session.Query<GroupMembership>()
                .Where(m => m.GroupId == list.GroupId && m.State == state)
                .OrderBy(m => m.Since).Take(1000).ToListAsync(cancellationToken);
            var ids = memberships.Select(m => m.MemberId).ToArray();
            var names = (await session.LoadManyAsync<Member>(cancellationToken, ids)).ToDictionary(m => m.Id, m => m.DisplayName);
            return memberships.Select(m => new Entry(m.MemberId, names.GetValueOrDefault(m.MemberId, MemberNames.FormerMember), m.State.ToString(),
                m.Roles, m.Since, context.Can(GroupAction.ApproveMembers) ? m.Message : null,
                m.AcceptedCodeOfConductVersion >= context.Group.CodeOfConductVersion,
                context.Can(GroupAction.ApproveMembers) ? m.ExpiresAt : null, context.Can(GroupAction.ApproveMembers) ? m.Fee?.Status : null)).ToList();
        }
    }

    internal sealed class SetRolesHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        SecurityLog log)
        : IRequestHandler<SetRoles, IReadOnlyList<GroupRole>>
    {
        public async Task<IReadOnlyList<GroupRole>> Handle(SetRoles set, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await GroupAccess.LoadAsync(session, set.GroupId, me, cancellationToken)).Require(GroupAction.AssignRoles);
            var target = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(set.GroupId, set.MemberId), cancellationToken);
            if (target is not { IsActive: true })
            {
                throw ProblemException.NotFound("This member in the group");
            }

            var wanted = set.Roles.Distinct().Order().ToList();
            var granted = wanted.Except(target.Roles).ToList();
            var revoked = target.Roles.Except(wanted).ToList();
            foreach (var role in granted.Concat(revoked))
            {
                context.Require(GroupPermissions.ToAssign(role));
            }

            if (revoked.Contains(GroupRole.Sponsor))
            {
                await SponsorRules.RefuseLosingLastSponsorAsync(session, set.GroupId, set.MemberId, cancellationToken);
            }

            var now = clock.GetUtcNow();
            target.Roles = wanted;
            session.Store(target);
            foreach (var role in granted)
            {
                await bus.PublishAsync(new GroupRoleGranted(set.GroupId, set.MemberId, role, me.Id, now));
            }

            foreach (var role in revoked)
            {
                await bus.PublishAsync(new GroupRoleRevoked(set.GroupId, set.MemberId, role, me.Id, now));
            }

            if (granted.Count + revoked.Count > 0)
            {
                // In the same session: the audit entry commits with the change it records, or not at all.
                session.Store(log.Entry(SecurityEventKind.GroupRolesChanged, set.MemberId, null,
                    $"group {context.Group.Slug}: granted [{string.Join(", ", granted)}], revoked [{string.Join(", ", revoked)}] by {me.Id}"));
            }

            await session.SaveChangesAsync(cancellationToken);
            return wanted;
        }
    }

    internal sealed class RemoveHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        SecurityLog log)
        : IRequestHandler<Remove, bool>
    {
        public async Task<bool> Handle(Remove remove, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await GroupAccess.LoadAsync(session, remove.GroupId, me, cancellationToken)).Require(GroupAction.RemoveMembers);
            var target = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(remove.GroupId, remove.MemberId), cancellationToken);
            if (target is null || target.State is GroupMembershipState.Removed or GroupMembershipState.Banned && !remove.Ban)
            {
                throw ProblemException.NotFound("This member in the group");
            }

            if (target.Roles.Any(r => r is GroupRole.Facilitator or GroupRole.Sponsor) && target.IsActive)
            {
                // Facilitators and sponsors are removed by sponsors only, and never the last sponsor.
                context.Require(GroupAction.AssignFacilitators);
                if (target.Roles.Contains(GroupRole.Sponsor))
                {
                    await SponsorRules.RefuseLosingLastSponsorAsync(session, remove.GroupId, remove.MemberId, cancellationToken);
                }
            }

            var now = clock.GetUtcNow();
            var wasActive = target.IsActive;
            target.State = remove.Ban ? GroupMembershipState.Banned : GroupMembershipState.Removed;
            target.Message = remove.Reason.Trim();
            target.Since = now;
            session.Store(target);
            await bus.PublishAsync(new MemberRemovedFromGroup(remove.GroupId, remove.MemberId, me.Id, target.Message, remove.Ban, now));
            session.Store(log.Entry(remove.Ban ? SecurityEventKind.GroupMemberBanned : SecurityEventKind.GroupMemberRemoved, remove.MemberId, null,
                $"group {context.Group.Slug} by {me.Id}: {target.Message}"));
            if (wasActive)
            {
                await Seats.FreeAsync(session, bus, context.Group, now);
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return true;
        }
    }

    /// <summary>The member's roles after the change, as an object (docs/api.md: no bare arrays).</summary>
    internal sealed record RolesView(IReadOnlyList<GroupRole> Roles);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/membership/groups/{groupId:guid}/members", async (Guid groupId, string? state, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new List(groupId, state), cancellationToken), cursor, limit))
                .WithSummary("Members of the group; facilitators may ask for state=Requested, WaitingList, Invited, Removed, Banned...")
                .WithAllowedValues("state", Enum.GetNames<GroupMembershipState>())
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/membership/groups/{groupId:guid}/members/{memberId:guid}/roles", async (Guid groupId, Guid memberId, SetRoles set, IMediator mediator,
                    CancellationToken cancellationToken) => new RolesView(await mediator.Send(set with { GroupId = groupId, MemberId = memberId }, cancellationToken)))
                .WithSummary("Set a member's roles. Facilitators assign reader, contributor and domain expert; sponsors also facilitator and sponsor.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/groups/{groupId:guid}/members/{memberId:guid}/remove", async (Guid groupId, Guid memberId, Remove remove, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(remove with { GroupId = groupId, MemberId = memberId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a member with a reason, or ban them (they cannot rejoin).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
