using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Groups;

/// <summary>Edit the charter (history kept) and the group's settings: visibility, join policy, capacity.</summary>
internal static class GroupSettings
{
    internal sealed record EditCharter(Charter Charter) : IRequest<int>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Change(GroupVisibility Visibility, JoinPolicy JoinPolicy, int? Capacity, IReadOnlyList<string>? Topics,
        int? TermMonths = null, Fee? Fee = null) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class EditCharterValidator : AbstractValidator<EditCharter>
    {
        public EditCharterValidator() => RuleFor(e => e.Charter).NotNull().SetValidator(new CharterValidator());
    }

    internal sealed class ChangeValidator : AbstractValidator<Change>
    {
        public ChangeValidator()
        {
            RuleFor(c => c.Visibility).IsInEnum();
            RuleFor(c => c.JoinPolicy).IsInEnum();
            RuleFor(c => c.Capacity).InclusiveBetween(2, 100_000).When(c => c.Capacity is not null);
            RuleFor(c => c.Topics).Must(t => t is null || t.Count <= 10).WithMessage("At most 10 topics.");
            RuleFor(c => c.TermMonths).InclusiveBetween(1, 60).When(c => c.TermMonths is not null);
            RuleFor(c => c.Fee!).SetValidator(new FeeValidator()).When(c => c.Fee is not null);
        }
    }

    internal sealed class EditCharterHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<EditCharter, int>
    {
        public async Task<int> Handle(EditCharter edit, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.LoadAsync(session, edit.GroupId, me, cancellationToken)).Require(GroupAction.EditCharter).Group;
            var now = clock.GetUtcNow();
            group.Charter = edit.Charter;
            group.CharterVersion++;
            group.LastActivityAt = now;
            session.Store(group);
            session.Store(new CharterRevision
            {
                Id = CharterRevision.IdFor(group.Id, group.CharterVersion), GroupId = group.Id, Version = group.CharterVersion, Charter = edit.Charter,
                EditedBy = me.Id, EditedAt = now,
            });
            await bus.PublishAsync(new GroupCharterChanged(group.Id, group.CharterVersion, me.Id, now, edit.Charter.SkillsToPractise ?? ""));
            await session.SaveChangesAsync(cancellationToken);
            return group.CharterVersion;
        }
    }

    internal sealed class ChangeHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Change, bool>
    {
        public async Task<bool> Handle(Change change, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.LoadAsync(session, change.GroupId, me, cancellationToken)).Require(GroupAction.ChangeSettings).Group;
            var now = clock.GetUtcNow();
            if (group.Visibility != change.Visibility)
            {
                await bus.PublishAsync(new GroupVisibilityChanged(group.Id, change.Visibility, now));
            }

            group.Visibility = change.Visibility;
            group.JoinPolicy = change.JoinPolicy;
            group.Capacity = change.Capacity;
            // A new term applies to memberships that start or renew from now on.
            group.TermMonths = change.TermMonths;
            group.Fee = change.Fee;
            group.Topics = change.Topics is null ? group.Topics : Members.Member.NormalizeTags(change.Topics).Take(10).ToList();
            group.Index();
            session.Store(group);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/membership/groups/{groupId:guid}/charter", async (Guid groupId, EditCharter edit, IMediator mediator, CancellationToken cancellationToken) =>
                    Results.Ok(new { version = await mediator.Send(edit with { GroupId = groupId }, cancellationToken) }))
                .WithSummary("Replace the group's charter (sponsors and facilitators); the previous version stays in the history.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/membership/groups/{groupId:guid}/settings", async (Guid groupId, Change change, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(change with { GroupId = groupId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Change visibility, join policy, capacity and topics (sponsors).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>
/// The group's life cycle. Sponsors archive (read-only) or close; facilitators reactivate a dormant group, sponsors an
/// archived one. A closed group is final.
/// </summary>
internal static class GroupLifecycle
{
    internal sealed record ChangeStatus(GroupStatus Status) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<ChangeStatus>
    {
        public Validator() => RuleFor(c => c.Status).IsInEnum().NotEqual(GroupStatus.Dormant).WithMessage("Dormancy is decided by inactivity, not set by hand.");
    }

    internal sealed class Handler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<ChangeStatus, bool>
    {
        public async Task<bool> Handle(ChangeStatus change, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = await GroupAccess.LoadAsync(session, change.GroupId, me, cancellationToken);
            var group = context.Group;
            if (group.Status == GroupStatus.Closed)
            {
                throw OCoP.BuildingBlocks.Errors.ProblemException.Conflict("The group is closed: that is final.");
            }

            var needed = change.Status == GroupStatus.Active && group.Status == GroupStatus.Dormant ? GroupAction.ApproveMembers : GroupAction.ArchiveOrClose;
            context.Require(needed);
            if (group.Status == change.Status)
            {
                return true;
            }

            var now = clock.GetUtcNow();
            group.Status = change.Status;
            group.LastActivityAt = now;
            session.Store(group);
            await bus.PublishAsync(new GroupStatusChanged(group.Id, group.Status, now));
            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/membership/groups/{groupId:guid}/status", async (Guid groupId, ChangeStatus change, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(change with { GroupId = groupId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Archive (read-only), close, or reactivate the group.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
