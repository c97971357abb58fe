namespace OCoP.Modules.Events.Calendar;

/// <summary>How members take part in an event.</summary>
internal enum AttendanceMode
{
    Online,
    InPerson,
    Hybrid,
}

/// <summary>
/// One meeting of a group: a single event or one occurrence of a series (docs/adr/0020). Its wall-clock times belong to
/// the organiser's IANA zone; <see cref="StartsAt"/>/<see cref="EndsAt"/> are the instants they name, recomputed from the
/// zone on every change, so a series stays at the same local hour across a daylight-saving change (docs/adr/0021).
/// </summary>
internal sealed class GroupEvent
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }

    /// <summary>The series this occurrence belongs to, with its 1-based place in it; null for a single event.</summary>
    public Guid? SeriesId { get; set; }

    public int? OccurrenceNumber { get; set; }

    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string DescriptionHtml { get; set; } = "";

    /// <summary>The organiser's IANA zone, such as <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "";

    public DateTime StartLocal { get; set; }
    public DateTime EndLocal { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>Start, then id: the calendars' keyset order, with one index per range.</summary>
    public string StartKey { get; set; } = "";

    public AttendanceMode Mode { get; set; }

    /// <summary>Shown only to those going (and to the event's organisers).</summary>
    public string? MeetingLink { get; set; }

    public string? Place { get; set; }
    public List<Guid> HostIds { get; set; } = [];

    /// <summary>Who facilitates this occurrence; may rotate from one occurrence of a series to the next.</summary>
    public Guid? FacilitatorId { get; set; }

    /// <summary>Seats; null for no limit. Beyond it, "going" joins the waiting list.</summary>
    public int? Capacity { get; set; }

    public DateTimeOffset? RsvpDeadline { get; set; }

    /// <summary>Those holding a seat, and those waiting for one: kept here, under the event's row lock (docs/adr/0022).</summary>
    public int GoingCount { get; set; }

    public int WaitingCount { get; set; }

    /// <summary>The last arrival position handed out: each answer takes the next, so the waiting list is first come, first served.</summary>
    public long LastPosition { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The short code members type to check themselves in during the event (docs/adr/0050); shown to organisers only.</summary>
    public string CheckInCode { get; set; } = "";

    /// <summary>Timed segments whose minutes fit the event (Agenda/SetAgenda.cs).</summary>
    public List<Agenda.AgendaItem> Agenda { get; set; } = [];

    /// <summary>Pre-reading and resources, shown before the session, with an optional question to think about.</summary>
    public List<Materials.Material> Materials { get; set; } = [];

    public string? PrimingQuestion { get; set; }

    /// <summary>The reflection topic an organiser asked the group's forum to open once the event began; null until asked (docs/adr/0066).</summary>
    public Reflection.ReflectionTopic? ReflectionTopic { get; set; }

    /// <summary>iCalendar's SEQUENCE: raised on every change a calendar client must see.</summary>
    public int Sequence { get; set; }

    /// <summary>Raised when the time changes or the event is cancelled: a reminder carrying an older one is stale.</summary>
    public int ScheduleVersion { get; set; } = 1;

    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string KeyFor(DateTimeOffset startsAt, Guid id) => $"{startsAt.UtcTicks:D19}{id:N}";

    /// <summary>Sets the times from the wall clock in the event's zone, and the keys that follow from them.</summary>
    public GroupEvent At(DateTime startLocal, DateTime endLocal, TimeZoneInfo zone)
    {
        StartLocal = startLocal;
        EndLocal = endLocal;
        StartsAt = EventTimes.ToInstant(startLocal, zone);
        EndsAt = EventTimes.ToInstant(endLocal, zone);
        StartKey = KeyFor(StartsAt, Id);
        return this;
    }

    public string PathIn(string groupSlug) => $"/groups/{groupSlug}/events/{Id}";

    public bool HasSeatFor(int more = 1) => Capacity is not { } seats || GoingCount + more <= seats;

    /// <summary>Organisers: the group's event managers, the hosts and the facilitator.</summary>
    public bool IsOrganisedBy(Guid? memberId) => memberId is { } id && (HostIds.Contains(id) || FacilitatorId == id || CreatedBy == id);
}
