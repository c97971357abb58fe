using System.Security.Cryptography;
using System.Text;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>What happened, as streams show it.</summary>
internal enum ActivityVerb
{
    StartedTopic,
    Replied,
    AnswerAccepted,
    JoinedGroup,

    // Knowledge (Activity/KnowledgeActivityHandler.cs)
    WrotePage,
    EditedPage,
    PublishedPost,
    CommentedOnPost,
    AddedResource,
    VettedResource,

    // Events (Activity/EventsActivityHandler.cs)
    ScheduledEvent,
    GoingToEvent,
    AttendedEvent,
    ProposedSessionTopic,

    // Engagement's own (Announcements/AnnouncementFanOutHandler.cs)
    Announced,
}

/// <summary>
/// One thing that happened, once: shown in its group's stream and its actor's profile activity, and referenced by a
/// <see cref="FeedEntry"/> per follower. Visibility is not stored here: it is decided by the group when read.
/// </summary>
internal sealed class ActivityItem
{
    public Guid Id { get; set; }
    public Guid ActorId { get; set; }

    /// <summary>The group it happened in; null for what belongs to no group.</summary>
    public Guid? GroupId { get; set; }

    public ActivityVerb Verb { get; set; }
    public string Title { get; set; } = "";
    public string? Excerpt { get; set; }

    /// <summary>A site-relative link to the thing.</summary>
    public string Path { get; set; } = "";

    /// <summary>The topic, post and whatever else the item is about.</summary>
    public List<Guid> SubjectIds { get; set; } = [];

    public List<string> Tags { get; set; } = [];
    public DateTimeOffset At { get; set; }

    /// <summary>The post behind it was hidden or deleted: no stream shows it any more.</summary>
    public bool Hidden { get; set; }

    /// <summary>Newest-first keyset sort key: time then id, so two items at the same instant still page in a fixed order.</summary>
    public string Key { get; set; } = "";

    public static string KeyFor(DateTimeOffset at, Guid id) => $"{at.UtcTicks:D19}{id:N}";

    /// <summary>A stable id from what the item is about, so a redelivered event finds its item and records nothing twice.</summary>
    public static Guid IdFor(string what) => new(MD5.HashData(Encoding.UTF8.GetBytes(what)));
}

/// <summary>
/// One item in one member's home feed, written when the event arrives (fan-out on write, docs/adr/0007). Id is
/// <c>{memberId:N}/{itemId:N}</c>. Carries the item's group so that reading can drop what the reader may no longer see.
/// </summary>
internal sealed class FeedEntry
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public Guid ItemId { get; set; }
    public Guid? GroupId { get; set; }

    /// <summary>The item's <see cref="ActivityItem.Key"/>.</summary>
    public string Key { get; set; } = "";

    public static string IdFor(Guid memberId, Guid itemId) => $"{memberId:N}/{itemId:N}";
}
