using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Proposals;

/// <summary>A member proposes a topic for a coming session of the group; the proposer's own vote counts from the start.</summary>
internal static class ProposeTopic
{
    internal sealed record Command(string Title, string? Description) : IRequest<Proposed>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Proposed(Guid ProposalId, string Path);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Title).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Description).MaximumLength(4000);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, Proposed>
    {
        public async Task<Proposed> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Post);
            if (await session.Query<TopicProposal>().CountAsync(p => p.GroupId == group.GroupId && p.EventId == null, cancellationToken) >= TopicProposal.MaxOpenPerGroup)
            {
                throw ProblemException.Conflict($"The group has {TopicProposal.MaxOpenPerGroup} open proposals: schedule or vote on those first.");
            }

            var now = clock.GetUtcNow();
            var proposal = new TopicProposal
            {
                Id = Guid.CreateVersion7(now), GroupId = group.GroupId, Title = command.Title.Trim(),
                Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(), ProposedBy = me.Id, ProposedAt = now,
                VoterIds = [me.Id], Votes = 1,
            };
            session.Store(proposal);
            var path = TopicProposal.PathFor(group.Slug, proposal.Id);
            await bus.PublishAsync(new SessionTopicProposed(proposal.Id, group.GroupId, proposal.Title, me.Id, path, now));
            await session.SaveChangesAsync(cancellationToken);
            return new Proposed(proposal.Id, path);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/groups/{groupId:guid}/proposals", async (Guid groupId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var proposed = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created($"/api/events/groups/{groupId}/proposals", proposed);
                })
                .WithSummary("Members: propose a topic for a coming session; members vote, a facilitator schedules an event from it.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
