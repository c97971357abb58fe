namespace OCoP.Modules.Engagement.Health;

// The health dashboard's own documents (docs/health.md), kept incrementally from the events Engagement receives, so a
// dashboard reads a month of small documents instead of scanning posts. Sets of ids, not counters: a redelivered event
// changes nothing.

/// <summary>One group's day (UTC). Id is <c>{groupId:N}/{yyyy-MM-dd}</c>.</summary>
internal sealed class GroupDay
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>Members who started a topic or replied this day.</summary>
    public List<Guid> ActiveMemberIds { get; set; } = [];

    public List<Guid> TopicIds { get; set; } = [];
    public List<Guid> ReplyIds { get; set; } = [];
    public List<Guid> NewMemberIds { get; set; } = [];
    public List<Guid> AcceptedTopicIds { get; set; } = [];

    /// <summary>Every post (topic or reply) of the day as <c>{memberId:N}/{postId:N}</c>: who wrote how much.</summary>
    public List<string> AuthoredPosts { get; set; } = [];

    public static string IdFor(Guid groupId, DateOnly day) => $"{groupId:N}/{day:yyyy-MM-dd}";
}

/// <summary>A topic as the dashboard needs it: when it started, when someone else first replied, whether a question was answered.</summary>
internal sealed class HealthTopic
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid AuthorId { get; set; }
    public bool IsQuestion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FirstReplyAt { get; set; }
    public bool Answered { get; set; }
}

/// <summary>One member in one group: when they joined and first posted, how much they wrote. Id is <c>{groupId:N}/{memberId:N}</c>.</summary>
internal sealed class HealthMember
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }
    public DateTimeOffset? FirstPostAt { get; set; }
    public List<Guid> TopicIds { get; set; } = [];
    public List<Guid> ReplyIds { get; set; } = [];

    // Milestones of Salmon's stages (docs/health.md), the first time each happened in this group.
    public DateTimeOffset? ThirdReplyAt { get; set; }
    public DateTimeOffset? FirstAcceptedAnswerAt { get; set; }
    public DateTimeOffset? FirstWikiEditAt { get; set; }

    /// <summary>When the member was first made facilitator, domain expert or sponsor here.</summary>
    public DateTimeOffset? LeadershipAt { get; set; }

    /// <summary>When a facilitator last sent them a welcome from the dashboard.</summary>
    public DateTimeOffset? WelcomedAt { get; set; }

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}
