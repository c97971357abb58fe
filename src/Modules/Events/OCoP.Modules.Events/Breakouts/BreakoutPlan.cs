namespace OCoP.Modules.Events.Breakouts;

/// <summary>One breakout group: its purpose, its own meeting link and who is in it.</summary>
internal sealed record BreakoutRoom(int Number, string? Purpose, string? MeetingLink, IReadOnlyList<Guid> MemberIds);

/// <summary>How an event's participants were split into breakout groups; one per event (its id is the event's), replaced when redone.</summary>
internal sealed class BreakoutPlan
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid? SeriesId { get; set; }
    public int? OccurrenceNumber { get; set; }
    public List<BreakoutRoom> Rooms { get; set; } = [];
    public Guid MadeBy { get; set; }
    public DateTimeOffset MadeAt { get; set; }

    public BreakoutRoom? RoomOf(Guid memberId) => Rooms.FirstOrDefault(r => r.MemberIds.Contains(memberId));

    /// <summary>Every pair of members who shared a room: kept apart the next time if possible.</summary>
    public HashSet<(Guid, Guid)> Pairs()
    {
        var pairs = new HashSet<(Guid, Guid)>();
        foreach (var room in Rooms)
        {
            foreach (var a in room.MemberIds)
            {
                foreach (var b in room.MemberIds.Where(b => a.CompareTo(b) < 0))
                {
                    pairs.Add((a, b));
                }
            }
        }

        return pairs;
    }
}
