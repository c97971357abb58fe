using System.Security.Cryptography;
using System.Text;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>
/// A receiver's URL for chosen event kinds (docs/webhooks.md). Site-wide (<see cref="GroupId"/> null, site administrators
/// only) or for one group (its sponsors, and site administrators, per the group access rule's
/// <c>GroupAction.ChangeSettings</c>).
/// </summary>
internal sealed class Webhook
{
    public Guid Id { get; set; }
    public Guid? GroupId { get; set; }
    public string Url { get; set; } = "";
    public List<string> EventKinds { get; set; } = [];
    public string? Description { get; set; }

    /// <summary>The HMAC key; shown to its creator once, kept to sign every delivery.</summary>
    public string Secret { get; set; } = "";

    public Guid CreatedBy { get; set; }

    /// <summary>
    /// Whether the creator registered it as a site administrator, not as the group's sponsor. Such a group webhook never
    /// receives a secret group's events: those go only to hooks its sponsors registered.
    /// </summary>
    public bool CreatedBySiteAdministrator { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public bool Enabled { get; set; } = true;
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>An attempt is under way until <see cref="WebhookDelivery.LeaseUntil"/>; after that another may start.</summary>
    Sending,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Every attempt failed, or the webhook was disabled meanwhile.</summary>
    Failed,
}

/// <summary>One attempt of one delivery, as the delivery log shows it.</summary>
internal sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Response, string? Error, int DurationMilliseconds);

/// <summary>
/// One event for one webhook: the exact body sent (every attempt sends the same bytes, signed afresh with the time of the
/// attempt), its status and every attempt with the receiver's status code and a truncated response. The id is derived
/// from the webhook and the event, so a redelivered event records nothing twice.
/// </summary>
internal sealed class WebhookDelivery
{
    public const int MaxResponseLength = 1024;
    public const int MaxAttemptsKept = 20;

    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    public string EventType { get; set; } = "";
    public Guid EventId { get; set; }
    public string Body { get; set; } = "";
    public WebhookDeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public List<WebhookAttempt> Attempts { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>Newest first in the log: creation time, then id.</summary>
    public string SortKey { get; set; } = "";

    public bool MayAttemptAt(DateTimeOffset now) =>
        Status == WebhookDeliveryStatus.Pending || (Status == WebhookDeliveryStatus.Sending && (LeaseUntil is null || LeaseUntil <= now));

    public static Guid IdFor(Guid webhookId, Guid eventId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId:N}/{eventId:N}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static string SortKeyFor(DateTimeOffset createdAt, Guid id) => $"{createdAt.UtcTicks:D19}{id:N}";
}
