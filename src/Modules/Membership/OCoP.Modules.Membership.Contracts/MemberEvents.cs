namespace OCoP.Modules.Membership.Contracts;

// Integration events: Wolverine names messages by full type name, so never move these to another namespace once shipped.

/// <summary>A new member registered. The account may still await e-mail confirmation.</summary>
public sealed record MemberRegistered(Guid MemberId, string DisplayName, string TimeZone, DateTimeOffset RegisteredAt);

/// <summary>
/// A member changed the public parts of their profile. <see cref="PractisingSince"/>: the year they began to practise,
/// when they said (added later, so last and optional: older messages carry none).
/// </summary>
public sealed record MemberProfileChanged(
    Guid MemberId,
    string DisplayName,
    IReadOnlyList<string> Expertise,
    IReadOnlyList<string> Interests,
    string TimeZone,
    DateTimeOffset ChangedAt,
    int? PractisingSince = null);

/// <summary>
/// A member deleted their account. Their content stays, attributed to <see cref="AnonymousName"/>: modules replace the
/// name they keep for this member and forget anything personal.
/// </summary>
public sealed record MemberDeleted(Guid MemberId, string AnonymousName, DateTimeOffset DeletedAt);

/// <summary>
/// A member confirmed their e-mail address. Personal data: only modules that write to members (alerts, digests) keep it,
/// and they forget it on <see cref="MemberDeleted"/>.
/// </summary>
public sealed record MemberEmailConfirmed(Guid MemberId, string Email, DateTimeOffset ConfirmedAt);
