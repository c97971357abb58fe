namespace OCoP.Modules.Events.Rsvps;

/// <summary>A member's answer to an event.</summary>
internal enum RsvpAnswer
{
    Going,
    Maybe,
    NotGoing,
}

/// <summary>
/// One member's answer to one event (an occurrence of a series is an event). Id is <c>{eventId:N}/{memberId:N}</c>. A
/// "going" beyond the capacity waits: <see cref="Waiting"/> with the arrival <see cref="Position"/> it was given under the
/// event's row lock, so the first to wait is the first promoted (docs/adr/0022).
/// </summary>
internal sealed class Rsvp
{
    public string Id { get; set; } = "";
    public Guid EventId { get; set; }
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public RsvpAnswer Answer { get; set; }
    public bool Waiting { get; set; }

    /// <summary>When this answer arrived, as the event counts arrivals: the order of the waiting list.</summary>
    public long Position { get; set; }

    /// <summary>The event's start key, copied: a member's events in calendar order, from one index.</summary>
    public string StartKey { get; set; } = "";

    public DateTimeOffset RespondedAt { get; set; }

    public bool HasSeat => Answer == RsvpAnswer.Going && !Waiting;

    public static string IdFor(Guid eventId, Guid memberId) => $"{eventId:N}/{memberId:N}";
}
