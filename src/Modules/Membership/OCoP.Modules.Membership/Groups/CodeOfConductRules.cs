using Carter;
using FluentValidation;
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

/// <summary>
/// A group's code of conduct: numbered clauses, versioned. Joining requires accepting the current version; publishing a
/// new one asks every member to accept it on their next visit (the group view says so).
/// </summary>
internal static class CodeOfConductRules
{
    internal sealed record Publish(IReadOnlyList<string> Clauses) : IRequest<int>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Accept(int Version) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class PublishValidator : AbstractValidator<Publish>
    {
        public PublishValidator()
        {
            RuleFor(p => p.Clauses).NotEmpty().Must(c => c.Count <= 50).WithMessage("At most 50 clauses.");
            RuleForEach(p => p.Clauses).NotEmpty().MaximumLength(2000);
        }
    }

    public static void RequireAccepted(Group group, int? acceptedVersion)
    {
        if (group.CodeOfConductVersion > 0 && acceptedVersion != group.CodeOfConductVersion)
        {
            throw ProblemException.Invalid("acceptCodeOfConductVersion",
                $"Read and accept version {group.CodeOfConductVersion} of the group's code of conduct to join.");
        }
    }

    internal sealed class PublishHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Publish, int>
    {
        public async Task<int> Handle(Publish publish, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await GroupAccess.LoadAsync(session, publish.GroupId, me, cancellationToken)).Require(GroupAction.PublishCodeOfConduct);
            var group = context.Group;
            var now = clock.GetUtcNow();
            group.CodeOfConduct = new CodeOfConduct(group.CodeOfConductVersion + 1, publish.Clauses.Select(c => c.Trim()).ToList(), now);
            session.Store(group);
            await bus.PublishAsync(new GroupCodeOfConductPublished(group.Id, group.CodeOfConduct.Version, group.CodeOfConduct.Clauses, now));
            if (context.Membership is { IsActive: true } publisher)
            {
                // Whoever publishes a version has accepted it.
                publisher.AcceptedCodeOfConductVersion = group.CodeOfConductVersion;
                session.Store(publisher);
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return group.CodeOfConductVersion;
        }
    }

    internal sealed class AcceptHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Accept, bool>
    {
        public async Task<bool> Handle(Accept accept, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await GroupAccess.LoadAsync(session, accept.GroupId, me, cancellationToken)).RequireVisible();
            if (!context.IsMember)
            {
                throw ProblemException.Forbidden("Only members accept a group's code of conduct; joining accepts it too.");
            }

            if (accept.Version != context.Group.CodeOfConductVersion)
            {
                throw ProblemException.Invalid("version", $"The current version is {context.Group.CodeOfConductVersion}.");
            }

            var now = clock.GetUtcNow();
            context.Membership!.AcceptedCodeOfConductVersion = accept.Version;
            session.Store(context.Membership);
            await bus.PublishAsync(new CodeOfConductAccepted(context.Group.Id, me.Id, accept.Version, now));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/membership/groups/{groupId:guid}/code-of-conduct", async (Guid groupId, Publish publish, IMediator mediator, CancellationToken cancellationToken) =>
                    Results.Ok(new { version = await mediator.Send(publish with { GroupId = groupId }, cancellationToken) }))
                .WithSummary("Publish a new version of the group's code of conduct (facilitators); members accept it on their next visit.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/groups/{groupId:guid}/code-of-conduct/accept", async (Guid groupId, Accept accept, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(accept with { GroupId = groupId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Accept the current version of the group's code of conduct.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
