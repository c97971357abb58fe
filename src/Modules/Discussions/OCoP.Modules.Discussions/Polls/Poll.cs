namespace OCoP.Modules.Discussions.Polls;

/// <summary>A poll in a topic. Counts are kept with every vote, so results never count votes on read.</summary>
internal sealed class Poll
{
    public Guid Id { get; set; }
    public Guid TopicId { get; set; }
    public Guid GroupId { get; set; }
    public string Question { get; set; } = "";
    public List<string> Options { get; set; } = [];
    public bool MultipleChoice { get; set; }

    /// <summary>Nobody, facilitators included, can see who voted for what.</summary>
    public bool Anonymous { get; set; }

    public DateTimeOffset? ClosesAt { get; set; }
    public bool Closed { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<int> Counts { get; set; } = [];
    public int Voters { get; set; }
}

/// <summary>One member's choices in one poll. Id is <c>{pollId:N}/{memberId:N}</c>: one vote per member.</summary>
internal sealed class PollVote
{
    public string Id { get; set; } = "";
    public Guid PollId { get; set; }
    public Guid MemberId { get; set; }
    public List<int> Choices { get; set; } = [];
    public DateTimeOffset At { get; set; }

    public static string IdFor(Guid pollId, Guid memberId) => $"{pollId:N}/{memberId:N}";
}
