using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using Wolverine;

namespace OCoP.Modules.Events.Proposals;

/// <summary>Scheduling an event from a proposal (ScheduleEvent's proposalId): the proposal names the event and its proposer is told.</summary>
internal static class ScheduleFromProposal
{
    public static async Task<TopicProposal> LockAsync(IDocumentSession session, Guid groupId, Guid proposalId, CancellationToken cancellationToken)
    {
        var proposal = await RowLocks.LoadForUpdateAsync<TopicProposal>(session, proposalId, cancellationToken);
        if (proposal is null || proposal.GroupId != groupId)
        {
            throw ProblemException.Invalid("proposalId", "The group has no such proposal.");
        }

        return proposal.IsOpen ? proposal : throw ProblemException.Conflict("This proposal was already scheduled.");
    }

    public static async Task MarkAsync(IDocumentSession session, IMessageBus bus, TopicProposal proposal, GroupEvent scheduled, string groupSlug, Guid by,
        DateTimeOffset now)
    {
        proposal.EventId = scheduled.Id;
        proposal.ScheduledAt = now;
        session.Store(proposal);
        await bus.PublishAsync(new SessionTopicScheduled(proposal.Id, proposal.GroupId, scheduled.Title, proposal.ProposedBy, scheduled.Id, scheduled.StartsAt, by,
            scheduled.PathIn(groupSlug), now));
    }
}
