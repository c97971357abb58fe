namespace OCoP.Modules.Events.Proposals;

/// <summary>
/// A topic a member proposes for a coming session; members vote for it, a facilitator schedules an event from it (then it
/// names the event and takes no more votes).
/// </summary>
internal sealed class TopicProposal
{
    public const int MaxOpenPerGroup = 500;

    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public Guid ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }

    /// <summary>Who voted, once each; the count is kept beside it for ordering.</summary>
    public List<Guid> VoterIds { get; set; } = [];

    public int Votes { get; set; }
    public Guid? EventId { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }

    public bool IsOpen => EventId is null;

    public static string PathFor(string groupSlug, Guid id) => $"/groups/{groupSlug}/events/proposals#proposal-{id}";
}
