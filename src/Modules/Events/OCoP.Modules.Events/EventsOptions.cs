namespace OCoP.Modules.Events;

/// <summary>Site-wide settings of group events (section <c>Events</c>).</summary>
internal sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>How long before an event those going are reminded (default a day and an hour).</summary>
    public List<TimeSpan> ReminderLeads { get; set; } = [TimeSpan.FromHours(24), TimeSpan.FromHours(1)];

    /// <summary>How long before the start members may check themselves in (until the end; docs/adr/0050).</summary>
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>RSVP transactions one host runs at once: the rest queue in memory instead of each holding a database connection.</summary>
    public int ConcurrentRsvpWrites { get; set; } = 8;
}
