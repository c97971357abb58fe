using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>
/// Triage of the directory: members rate (1-5) and review, and flag concerns (contributors and above); domain experts,
/// facilitators and sponsors vet or unvet (<see cref="GroupAction.VetResources"/>).
/// </summary>
internal static class TriageResource
{
    public const int MaxReviewLength = 2_000;
    public const int MaxNoteLength = 1_000;

    internal sealed record Rate(int Stars, string? Review) : IRequest<Rated>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid ResourceId { get; init; }
    }

    internal sealed record Rated(double Rating, int RatingCount, int Stars);

    internal sealed record FlagConcern(ConcernKind Concern, string? Note) : IRequest<Unit>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid ResourceId { get; init; }
    }

    internal sealed record SetVetting(bool Vetted) : IRequest<Unit>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid ResourceId { get; init; }
    }

    internal sealed class RateValidator : AbstractValidator<Rate>
    {
        public RateValidator()
        {
            RuleFor(r => r.Stars).InclusiveBetween(1, 5);
            RuleFor(r => r.Review).MaximumLength(MaxReviewLength);
        }
    }

    internal sealed class FlagValidator : AbstractValidator<FlagConcern>
    {
        public FlagValidator()
        {
            RuleFor(f => f.Concern).IsInEnum();
            RuleFor(f => f.Note).MaximumLength(MaxNoteLength);
            RuleFor(f => f.Note).NotEmpty().When(f => f.Concern == ConcernKind.Other).WithMessage("Say what the concern is.");
        }
    }

    internal sealed class RateHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Rate, Rated>
    {
        public async Task<Rated> Handle(Rate rate, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, rate.GroupId, me, cancellationToken)).RequireRead();
            await ResourceAccess.FindAsync(session, group, rate.ResourceId, cancellationToken);
            group.RequireToChange(GroupAction.Post);
            // Locked: ratings of one resource at the same moment each count once.
            var resource = await RowLocks.LoadForUpdateAsync<Resource>(session, rate.ResourceId, cancellationToken) ?? throw ProblemException.NotFound("The resource");
            var id = ResourceRating.IdFor(resource.Id, me.Id);
            var previous = await session.LoadAsync<ResourceRating>(id, cancellationToken);
            resource.Rate(previous?.Stars, rate.Stars);
            session.Store(resource);
            session.Store(new ResourceRating
            {
                Id = id, ResourceId = resource.Id, GroupId = resource.GroupId, MemberId = me.Id, Stars = rate.Stars, Review = rate.Review?.Trim() ?? "",
                At = clock.GetUtcNow(),
            });
            await session.SaveChangesAsync(cancellationToken);
            return new Rated(resource.Rating, resource.RatingCount, rate.Stars);
        }
    }

    internal sealed class FlagHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<FlagConcern, Unit>
    {
        public async Task<Unit> Handle(FlagConcern flag, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, flag.GroupId, me, cancellationToken)).RequireRead();
            await ResourceAccess.FindAsync(session, group, flag.ResourceId, cancellationToken);
            group.RequireToChange(GroupAction.Post);
            var resource = await RowLocks.LoadForUpdateAsync<Resource>(session, flag.ResourceId, cancellationToken) ?? throw ProblemException.NotFound("The resource");
            var now = clock.GetUtcNow();
            resource.Concerns.Add(new ResourceConcern(Guid.CreateVersion7(), flag.Concern, flag.Note?.Trim() ?? "", me.Id, now));
            session.Store(resource);
            await bus.PublishAsync(new ResourceConcernFlagged(resource.GroupId, resource.Id, resource.Title, flag.Concern.ToString(), me.Id,
                ResourcePaths.Resource(group.Slug, resource.Id), now));
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class VetHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<SetVetting, Unit>
    {
        public async Task<Unit> Handle(SetVetting set, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, set.GroupId, me, cancellationToken)).RequireRead();
            await ResourceAccess.FindAsync(session, group, set.ResourceId, cancellationToken);
            group.RequireToChange(GroupAction.VetResources);
            var resource = await RowLocks.LoadForUpdateAsync<Resource>(session, set.ResourceId, cancellationToken) ?? throw ProblemException.NotFound("The resource");
            if (resource.Vetted == set.Vetted)
            {
                return Unit.Value; // already so: idempotent, no second event
            }

            var now = clock.GetUtcNow();
            (resource.Vetted, resource.VettedBy, resource.VettedAt, resource.UpdatedAt) = (set.Vetted, set.Vetted ? me.Id : null, set.Vetted ? now : null, now);
            session.Store(resource);
            var path = ResourcePaths.Resource(group.Slug, resource.Id);
            await bus.PublishAsync(new ResourceVetted(resource.GroupId, resource.Id, resource.Title, set.Vetted, me.Id, path, now));
            await ResourceAccess.IndexAsync(bus, resource, group.Slug, now);
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/knowledge/groups/{groupId:guid}/resources/{resourceId:guid}/rating", async (Guid groupId, Guid resourceId, Rate rate, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(rate with { GroupId = groupId, ResourceId = resourceId }, cancellationToken)))
                .WithSummary("Set the caller's rating (1-5) and review of the resource; rating again replaces it.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/knowledge/groups/{groupId:guid}/resources/{resourceId:guid}/concerns", async (Guid groupId, Guid resourceId, FlagConcern flag,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(flag with { GroupId = groupId, ResourceId = resourceId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Flag a concern about the resource: Outdated, BrokenLink, Wrong or Other (with a note).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/knowledge/groups/{groupId:guid}/resources/{resourceId:guid}/vetting", async (Guid groupId, Guid resourceId, SetVetting set,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(set with { GroupId = groupId, ResourceId = resourceId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Vet or unvet the resource: domain experts, facilitators and sponsors.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
