namespace OCoP.Modules.Engagement.Community;

/// <summary>
/// What e-mail needs of a member, from Membership's events: the confirmed address and the time zone digests are sent
/// in. Forgotten on deletion. Names, groups and memberships come from the shared group-access replica (docs/adr/0010).
/// </summary>
internal sealed class Recipient
{
    public Guid Id { get; set; }

    /// <summary>Null until the member confirms an address: nothing is e-mailed to an unconfirmed one.</summary>
    public string? Email { get; set; }

    /// <summary>An IANA time zone id, such as <c>Europe/Paris</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public bool Deleted { get; set; }

    /// <summary>When the time zone was last set, to ignore an older event that arrives after a newer one.</summary>
    public DateTimeOffset ProfileChangedAt { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
