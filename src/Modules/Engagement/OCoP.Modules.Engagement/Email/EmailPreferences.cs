using Marten;
using OCoP.Modules.Engagement.Notifications;

namespace OCoP.Modules.Engagement.Email;

/// <summary>How a member wants to hear by e-mail about one kind of notification.</summary>
internal enum EmailFrequency
{
    Immediately,
    DailyDigest,
    WeeklyDigest,
    Never,
}

/// <summary>
/// A member's e-mail choices (Id = member id). Absent until the member changes something: <see cref="Defaults"/> apply.
/// Digests go out at <see cref="DigestTime"/> in the member's own time zone, weekly ones on <see cref="WeeklyDay"/>.
/// </summary>
internal sealed class EmailPreferences
{
    public static readonly TimeOnly DefaultDigestTime = new(8, 0);

    public Guid Id { get; set; }
    public Dictionary<NotificationKind, EmailFrequency> Kinds { get; set; } = [];
    public TimeOnly DigestTime { get; set; } = DefaultDigestTime;
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Like Discourse: what is addressed to you (mentions, replies, quotes, accepted answers, private messages) and what
    /// changes your membership arrives at once; the flow of posts in watched topics, and badges earned (nothing to act on),
    /// wait for the daily digest.
    /// </summary>
    public static EmailFrequency Default(NotificationKind kind) => kind switch
    {
        NotificationKind.WatchedTopicPost => EmailFrequency.DailyDigest,
        NotificationKind.WatchedKnowledge => EmailFrequency.DailyDigest,
        NotificationKind.BadgeEarned => EmailFrequency.DailyDigest,
        _ => EmailFrequency.Immediately,
    };

    public EmailFrequency For(NotificationKind kind) => Kinds.TryGetValue(kind, out var frequency) ? frequency : Default(kind);

    public bool Uses(EmailFrequency frequency) => Enum.GetValues<NotificationKind>().Any(k => For(k) == frequency);

    public IReadOnlyList<NotificationKind> KindsAt(EmailFrequency frequency) => [.. Enum.GetValues<NotificationKind>().Where(k => For(k) == frequency)];

    public static EmailPreferences Defaults(Guid memberId) => new() { Id = memberId };

    public static async Task<EmailPreferences> LoadAsync(IQuerySession session, Guid memberId, CancellationToken cancellationToken) =>
        await session.LoadAsync<EmailPreferences>(memberId, cancellationToken) ?? Defaults(memberId);
}
