using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Proposals;

/// <summary>A member votes for a proposal (or takes the vote back); once each, counted under the proposal's row lock.</summary>
internal static class VoteOnProposal
{
    internal sealed record Command(bool? Vote) : IRequest<Voted>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid ProposalId { get; init; }
    }

    internal sealed record Voted(Guid ProposalId, int Votes, bool MyVote);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Vote).NotNull();
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me) : IRequestHandler<Command, Voted>
    {
        public async Task<Voted> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var peek = await session.LoadAsync<TopicProposal>(command.ProposalId, cancellationToken) ?? throw NotFound();
            GroupViewer group;
            try
            {
                group = await GroupAccess.ForWriteAsync(session, bus, peek.GroupId, me, cancellationToken);
            }
            catch (ProblemException problem) when (problem.Status == 404)
            {
                throw NotFound();
            }

            if (!group.CanSee)
            {
                throw NotFound();
            }

            group.RequireToChange(GroupAction.Post);
            var proposal = await RowLocks.LoadForUpdateAsync<TopicProposal>(session, command.ProposalId, cancellationToken) ?? throw NotFound();
            if (!proposal.IsOpen)
            {
                throw ProblemException.Conflict("This proposal was already scheduled.");
            }

            var voted = proposal.VoterIds.Contains(me.Id);
            if (command.Vote == true && !voted)
            {
                proposal.VoterIds.Add(me.Id);
            }
            else if (command.Vote == false && voted)
            {
                proposal.VoterIds.Remove(me.Id);
            }

            proposal.Votes = proposal.VoterIds.Count;
            session.Store(proposal);
            await session.SaveChangesAsync(cancellationToken);
            return new Voted(proposal.Id, proposal.Votes, proposal.VoterIds.Contains(me.Id));
        }

        private static ProblemException NotFound() => ProblemException.NotFound("The proposal");
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/proposals/{proposalId:guid}/vote", async (Guid proposalId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { ProposalId = proposalId }, cancellationToken)))
                .WithSummary("Members: vote for a proposal (vote true) or take the vote back (false); once each.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
