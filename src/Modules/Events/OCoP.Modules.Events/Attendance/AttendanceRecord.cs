namespace OCoP.Modules.Events.Attendance;

/// <summary>
/// A member was at an event: recorded apart from their RSVP (docs/adr/0050), by themselves with the event's check-in code
/// during its window, or by an organiser. Id is <c>{eventId:N}/{memberId:N}</c>, so checking in twice changes nothing.
/// </summary>
internal sealed class AttendanceRecord
{
    public string Id { get; set; } = "";
    public Guid EventId { get; set; }
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset CheckedInAt { get; set; }
    public Guid CheckedInBy { get; set; }

    /// <summary>The event's start key, copied: a member's attendance in calendar order.</summary>
    public string StartKey { get; set; } = "";

    public bool SelfCheckIn => CheckedInBy == MemberId;

    public static string IdFor(Guid eventId, Guid memberId) => $"{eventId:N}/{memberId:N}";
}
