using Marten;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// A topic and its counters. Counters (replies, last post) are kept up to date by the writes, never counted on read, and
/// the three sort keys are stored strings so every topic list is one index range scan with keyset paging.
/// </summary>
internal sealed class Topic
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }

    /// <summary>1, 2, 3… within the group: the short, stable part of every link to the topic.</summary>
    public int Number { get; set; }

    public TopicKind Kind { get; set; }
    public string Title { get; set; } = "";
    public Guid? CategoryId { get; set; }
    public List<string> Tags { get; set; } = [];
    public Guid AuthorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The number of the last post written (deleted ones included): post numbers are never reused.</summary>
    public int LastPostNumber { get; set; }

    public DateTimeOffset LastPostAt { get; set; }
    public Guid LastPosterId { get; set; }

    /// <summary>Replies members can see: written, minus deleted and hidden.</summary>
    public int ReplyCount { get; set; }

    public bool Pinned { get; set; }
    public bool Locked { get; set; }
    public bool Closed { get; set; }
    public string? ClosedReason { get; set; }
    public bool Deleted { get; set; }
    public int? AcceptedPostNumber { get; set; }

    /// <summary>The wiki pages this topic was captured into (from Knowledge's <c>WikiPageCaptured</c>), oldest first.</summary>
    public List<WikiPageNote> WikiPages { get; set; } = [];
    public Guid? PollId { get; set; }

    public bool IsUnansweredQuestion { get; set; }
    public string LatestKey { get; set; } = "";
    public string NewestKey { get; set; } = "";
    public string ActiveKey { get; set; } = "";

    /// <summary>Recomputes what lists sort and filter on; call before every store.</summary>
    public Topic Indexed()
    {
        IsUnansweredQuestion = Kind == TopicKind.Question && AcceptedPostNumber is null && !Closed;
        // Pinned topics lead the latest list; the id breaks ties so keys are unique.
        LatestKey = $"{(Pinned ? 1 : 0)}{LastPostAt.UtcTicks:D19}{Id:N}";
        NewestKey = $"{CreatedAt.UtcTicks:D19}{Id:N}";
        ActiveKey = $"{Math.Min(ReplyCount, 999_999_999):D9}{LastPostAt.UtcTicks:D19}{Id:N}";
        return this;
    }

    /// <summary>
    /// Why <paramref name="replier"/> cannot reply to this topic, in words for them; null when they can. The one reply
    /// rule: the reply slice refuses with it and the topic page explains with it.
    /// </summary>
    public string? CannotReplyBecause(Replier replier, bool groupReadOnly) =>
        !replier.SignedIn ? "Sign in to reply."
        : !replier.MayPost ? replier.IsMember ? "Readers do not post in this group." : "Join the group to reply."
        : groupReadOnly ? "The group is read-only."
        : Closed ? "This topic is closed."
        : Locked && !replier.MayModerate ? "This topic is locked: no new replies."
        : null;

    public static string PathFor(string groupSlug, int topicNumber, int? postNumber = null) =>
        postNumber is { } post ? $"/groups/{groupSlug}/topics/{topicNumber}/posts/{post}" : $"/groups/{groupSlug}/topics/{topicNumber}";
}

/// <summary>A post: the opening post of a topic is number 1, replies follow in order of writing.</summary>
internal sealed class Post
{
    /// <summary>Width of one step of <see cref="ThreadPath"/>: room for ten million posts in a topic.</summary>
    public const int PathStep = 7;

    public Guid Id { get; set; }
    public Guid TopicId { get; set; }
    public Guid GroupId { get; set; }
    public int Number { get; set; }
    public Guid AuthorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public string Source { get; set; } = "";

    /// <summary>Sanitized HTML rendered from <see cref="Source"/> when written: reads never render.</summary>
    public string Html { get; set; } = "";

    public int Revision { get; set; } = 1;
    public DateTimeOffset? EditedAt { get; set; }
    public Guid? EditedBy { get; set; }
    public int? ReplyToNumber { get; set; }
    public Guid? ReplyToAuthorId { get; set; }
    public Quote? Quote { get; set; }

    /// <summary>
    /// The post numbers from the opening post down to this one, each zero-padded to <see cref="PathStep"/> digits: sorting
    /// by it gives the threaded view (each reply under the post it answers), pageable by keyset like any other key.
    /// </summary>
    public string ThreadPath { get; set; } = "";

    public List<Guid> Mentions { get; set; } = [];
    public int Links { get; set; }
    public List<Reaction> Reactions { get; set; } = [];
    public Dictionary<string, int> ReactionCounts { get; set; } = [];

    /// <summary>Facilitators' and sponsors' recognitions, one per recogniser, oldest first: kept on the post so a topic page shows them for free.</summary>
    public List<PostRecognition> Recognitions { get; set; } = [];

    /// <summary>Members whose flags are waiting for review; a review clears them.</summary>
    public List<Guid> PendingFlaggers { get; set; } = [];

    public bool InReview { get; set; }
    public bool Hidden { get; set; }
    public string? HiddenReason { get; set; }
    public bool Deleted { get; set; }
    public string? DeletedReason { get; set; }
    public Guid? DeletedBy { get; set; }

    public int Depth => ThreadPath.Length / PathStep - 1;
    public bool Visible => !Hidden && !Deleted;

    public static string Step(int number) => number.ToString($"D{PathStep}", System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record Quote(int PostNumber, Guid AuthorId, string Source, string Html);

internal sealed record Reaction(string Kind, Guid MemberId, DateTimeOffset At);

/// <summary>A facilitator's or sponsor's "recognised by" on a post, with their optional note (Posts/RecognisePost.cs).</summary>
internal sealed record PostRecognition(Guid RecognisedBy, string? Note, DateTimeOffset At);

/// <summary>An earlier version of a post, kept when it is edited. The current version is the post itself.</summary>
internal sealed class PostRevision
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public int Revision { get; set; }
    public string Source { get; set; } = "";
    public string Html { get; set; } = "";
    public Guid WrittenBy { get; set; }
    public DateTimeOffset WrittenAt { get; set; }

    /// <summary>Why the next revision replaced this one, as its editor said.</summary>
    public string? ReplacedBecause { get; set; }
}

/// <summary>The last post a member has read in a topic. Id is <c>{topicId:N}/{memberId:N}</c>.</summary>
internal sealed class TopicReadState
{
    public string Id { get; set; } = "";
    public Guid TopicId { get; set; }
    public Guid MemberId { get; set; }
    public int LastReadPostNumber { get; set; }

    public static string IdFor(Guid topicId, Guid memberId) => $"{topicId:N}/{memberId:N}";
}

/// <summary>The last day (UTC) a member's reading in a group was reported as <see cref="Contracts.MemberReadInGroup"/>. Id is <c>{groupId:N}/{memberId:N}</c>.</summary>
internal sealed class GroupReadDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}

/// <summary>Who wants to reply, as far as <see cref="Topic.CannotReplyBecause"/> needs to know: what the group lets them do.</summary>
internal readonly record struct Replier(bool SignedIn, bool IsMember, bool MayPost, bool MayModerate)
{
    public static Replier Of(ForumContext context) =>
        new(context.ViewerId is not null, context.IsMember, context.Can(GroupAction.Post), context.Can(GroupAction.Moderate));
}
