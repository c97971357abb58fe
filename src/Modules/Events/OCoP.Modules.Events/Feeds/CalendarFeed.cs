using System.Security.Cryptography;
using System.Text;

namespace OCoP.Modules.Events.Feeds;

/// <summary>
/// A subscribable iCalendar feed behind a secret URL (docs/adr/0023): a group's events, or the member's own ("my
/// events"). Only the secret's SHA-256 is kept, so the database does not hold working URLs; revoking deletes the feed and
/// its URL answers 404, like any URL that was never issued.
/// </summary>
internal sealed class CalendarFeed
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }

    /// <summary>The group whose events the feed shows; null for the member's own events.</summary>
    public Guid? GroupId { get; set; }

    public string SecretHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string PathFor(string secret) => $"/api/events/feeds/{secret}/ical";
}
