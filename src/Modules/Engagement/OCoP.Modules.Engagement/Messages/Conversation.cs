namespace OCoP.Modules.Engagement.Messages;

/// <summary>
/// A private conversation between two or more members. Each participant keeps their own read state (the last message
/// number read) and an unread counter kept up to date on every message, so listing never counts.
/// </summary>
internal sealed class Conversation
{
    public Guid Id { get; set; }
    public string Subject { get; set; } = "";
    public Guid StarterId { get; set; }
    public List<Participant> Participants { get; set; } = [];

    /// <summary>Everyone who ever took part (the list query's key); left members still see what was written before they left.</summary>
    public List<Guid> MemberIds { get; set; } = [];

    public int LastNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    public Participant? Of(Guid memberId) => Participants.FirstOrDefault(p => p.MemberId == memberId);

    public static string PathFor(Guid id, int number) => $"/messages/{id:N}#m{number}";
}

internal sealed class Participant
{
    public Guid MemberId { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>The last message number this member read.</summary>
    public int LastRead { get; set; }

    public int Unread { get; set; }

    /// <summary>The last message a member who left may see.</summary>
    public int? LeftAtNumber { get; set; }

    public int Visible(Conversation c) => LeftAtNumber ?? c.LastNumber;
}

internal sealed class PrivateMessage
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public int Number { get; set; }
    public Guid AuthorId { get; set; }
    public string Source { get; set; } = "";
    public string Html { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A member's block of another: the blocked member can no longer message them.</summary>
internal sealed class MemberBlock
{
    public string Id { get; set; } = "";
    public Guid BlockerId { get; set; }
    public Guid BlockedId { get; set; }
    public DateTimeOffset BlockedAt { get; set; }

    public static string IdFor(Guid blocker, Guid blocked) => $"{blocker:N}/{blocked:N}";
}

/// <summary>A message reported to the site's administrators.</summary>
internal sealed class MessageReport
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public Guid MessageId { get; set; }
    public int Number { get; set; }
    public Guid AuthorId { get; set; }
    public Guid ReportedBy { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset ReportedAt { get; set; }
}
