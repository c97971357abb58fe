namespace OCoP.Modules.Engagement.Health;

// The health dashboard's own documents (docs/health.md), kept incrementally from the events Engagement receives, so a
// dashboard reads a month of small documents instead of scanning posts. Sets of ids, not bare counters: a redelivered
// event changes nothing.

/// <summary>
/// One group's day (UTC). Id is <c>{groupId:N}/{yyyy-MM-dd}</c>. The sets of topic and reply ids are kept for the
/// writers (a redelivered event is recognised); the dashboard reads only <see cref="DayFigures"/>, whose size is that of
/// the day's active members, not of its posts (ADR 0081).
/// </summary>
internal sealed class GroupDay
{
    /// <summary>The shape with <see cref="Topics"/>, <see cref="Replies"/> and <see cref="PostsByAuthor"/>; older documents have 0.</summary>
    public const int CurrentShape = 2;

    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public DateOnly Day { get; set; }
    public int Shape { get; set; }

    /// <summary>Members who started a topic or replied this day.</summary>
    public List<Guid> ActiveMemberIds { get; set; } = [];

    public List<Guid> TopicIds { get; set; } = [];
    public List<Guid> ReplyIds { get; set; } = [];
    public List<Guid> NewMemberIds { get; set; } = [];
    public List<Guid> AcceptedTopicIds { get; set; } = [];

    /// <summary>Members whose reading advanced this day (Discussions' <c>MemberReadInGroup</c>), posters or not.</summary>
    public List<Guid> ReaderIds { get; set; } = [];

    /// <summary><see cref="TopicIds"/>' count, kept with it so the dashboard need not read the set.</summary>
    public int Topics { get; set; }

    /// <summary><see cref="ReplyIds"/>' count, likewise.</summary>
    public int Replies { get; set; }

    /// <summary>How many posts (topics and replies) each member wrote this day.</summary>
    public Dictionary<Guid, int> PostsByAuthor { get; set; } = [];

    /// <summary>Shape 1 kept one <c>{memberId:N}/{postId:N}</c> per post instead of <see cref="PostsByAuthor"/>; read once to upgrade.</summary>
    public List<string>? AuthoredPosts { get; set; }

    /// <summary>Counts a post the day has not seen yet: into its set, the count beside it and its author's count.</summary>
    public void CountPost(List<Guid> posts, Guid postId, Guid authorId)
    {
        Upgrade();
        if (posts.Contains(postId))
        {
            return;
        }

        posts.Add(postId);
        Topics = TopicIds.Count;
        Replies = ReplyIds.Count;
        PostsByAuthor[authorId] = PostsByAuthor.GetValueOrDefault(authorId) + 1;
    }

    /// <summary>Brings a shape-1 document to the current shape (its writer saves it; the dashboard only reads it so).</summary>
    public GroupDay Upgrade()
    {
        if (Shape >= CurrentShape)
        {
            return this;
        }

        Topics = TopicIds.Count;
        Replies = ReplyIds.Count;
        PostsByAuthor = (AuthoredPosts ?? []).GroupBy(p => Guid.ParseExact(p[..32], "N")).ToDictionary(g => g.Key, g => g.Count());
        AuthoredPosts = null;
        Shape = CurrentShape;
        return this;
    }

    public static string IdFor(Guid groupId, DateOnly day) => $"{groupId:N}/{day:yyyy-MM-dd}";
}

/// <summary>What the dashboard reads of a <see cref="GroupDay"/> (a Marten projection: the sets of post ids stay in the database).</summary>
internal sealed record DayFigures(DateOnly Day, int Shape, int Topics, int Replies, List<Guid> ActiveMemberIds, List<Guid> NewMemberIds,
    List<Guid> ReaderIds, Dictionary<Guid, int> PostsByAuthor)
{
    public static DayFigures Of(GroupDay day)
    {
        day.Upgrade();
        return new DayFigures(day.Day, day.Shape, day.Topics, day.Replies, day.ActiveMemberIds, day.NewMemberIds, day.ReaderIds, day.PostsByAuthor);
    }
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

    /// <summary>No longer written (ADR 0081); documents written before hold the member's topics here.</summary>
    public List<Guid> TopicIds { get; set; } = [];

    /// <summary>The member's first replies here, up to the third (<see cref="ThirdReplyAt"/>); older documents hold them all.</summary>
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

/// <summary>
/// A group event as the dashboard needs it (from Events' integration events): when it starts, whether it was cancelled,
/// who answered going (each member's latest answer) and who was recorded present.
/// </summary>
internal sealed class HealthEvent
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }

    /// <summary>Unknown (default) until the scheduled or changed message arrives; such an event counts nowhere.</summary>
    public DateTimeOffset StartsAt { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>Each member's latest answer (on: going with a seat; off: maybe, not going, waiting).</summary>
    public List<MemberMark> Answers { get; set; } = [];

    /// <summary>Each member's latest attendance (on: checked in; off: checked out by an organiser).</summary>
    public List<MemberMark> Presence { get; set; } = [];

    public IEnumerable<Guid> GoingIds => Answers.Where(a => a.On).Select(a => a.MemberId);

    public IEnumerable<Guid> PresentIds => Presence.Where(a => a.On).Select(a => a.MemberId);

    /// <summary>Keeps the newer of two marks for a member: a late, older message does not undo a newer one.</summary>
    public static void Keep(List<MemberMark> marks, MemberMark mark)
    {
        var index = marks.FindIndex(a => a.MemberId == mark.MemberId);
        if (index < 0)
        {
            marks.Add(mark);
        }
        else if (marks[index].At <= mark.At)
        {
            marks[index] = mark;
        }
    }
}

/// <summary>A member's yes or no about an event at a time.</summary>
internal sealed record MemberMark(Guid MemberId, bool On, DateTimeOffset At);

/// <summary>What a group's activity can be, as the dashboard's "Last activity by kind" lists it (docs/health.md).</summary>
internal enum ActivityKind
{
    Topic,
    Reply,
    NewMember,
    Event,
    Knowledge,
    Announcement,
    Prompt,

    /// <summary>A chat message: not recorded here but read from the group's channels (<c>ChatChannel.LastMessageAt</c>).</summary>
    Chat,
}

/// <summary>
/// When each kind of activity last happened in a group (ADR 0074): why a group went quiet, and whether the restart
/// checklist's steps were taken after it turned dormant. Id is the group's id. The latest time wins, so a late or
/// redelivered event changes nothing.
/// </summary>
internal sealed class GroupActivity
{
    public Guid Id { get; set; }

    /// <summary><see cref="ActivityKind"/> name → the latest time it happened.</summary>
    public Dictionary<string, DateTimeOffset> LastAt { get; set; } = [];

    public DateTimeOffset? Last(ActivityKind kind) => LastAt.TryGetValue(kind.ToString(), out var at) ? at : null;

    public void Saw(ActivityKind kind, DateTimeOffset at)
    {
        if (Last(kind) is not { } known || known < at)
        {
            LastAt[kind.ToString()] = at;
        }
    }
}
