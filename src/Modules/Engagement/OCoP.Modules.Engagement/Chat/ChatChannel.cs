namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// A group's chat channel. The group's own channel has the group's id (made on the group's creation, or on demand for
/// groups older than chat); facilitators add topic channels. Access is the group's (docs/chat.md).
/// </summary>
internal sealed class ChatChannel
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }

    /// <summary>Short and unique in the group: <c>general</c> for the group's own channel.</summary>
    public string Name { get; set; } = "";

    public string? Topic { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The number of the newest message; messages are numbered from 1 within the channel.</summary>
    public int LastNumber { get; set; }

    public DateTimeOffset? LastMessageAt { get; set; }

    public bool IsGroupChannel => Id == GroupId;

    public const string GroupChannelName = "general";

    public static ChatChannel ForGroup(Guid groupId, DateTimeOffset at) =>
        new() { Id = groupId, GroupId = groupId, Name = GroupChannelName, Topic = "The whole group", CreatedAt = at };
}

/// <summary>One chat message. Deleted messages stay as a tombstone so that numbering and read markers hold.</summary>
internal sealed class ChatMessage
{
    public Guid Id { get; set; }
    public Guid ChannelId { get; set; }
    public Guid GroupId { get; set; }
    public int Number { get; set; }
    public Guid AuthorId { get; set; }
    public string Source { get; set; } = "";
    public string Html { get; set; } = "";
    public List<Guid> Mentions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public Guid? DeletedBy { get; set; }

    /// <summary>Set when a facilitator moved the message into a forum topic (docs/chat.md): the topic's title and link.</summary>
    public string? MovedToTitle { get; set; }

    public string? MovedToPath { get; set; }

    /// <summary>A note the platform wrote in the channel (a moved conversation's link), in the name of the facilitator who moved it.</summary>
    public bool Note { get; set; }

    /// <summary>Hidden until a facilitator reviews the flags on it (Discussions' <c>ChatMessageHeldForReview</c>, docs/chat.md).</summary>
    public DateTimeOffset? HeldAt { get; set; }

    public bool Deleted => DeletedAt is not null;

    public bool Held => HeldAt is not null && !Deleted;
}

/// <summary>How far one member has read one channel (the unread marker). Id is <c>{channelId:N}/{memberId:N}</c>.</summary>
internal sealed class ChatReadMarker
{
    public string Id { get; set; } = "";
    public Guid ChannelId { get; set; }
    public Guid MemberId { get; set; }
    public int LastRead { get; set; }

    public static string IdFor(Guid channelId, Guid memberId) => $"{channelId:N}/{memberId:N}";
}
