namespace OCoP.Modules.Membership.Contracts;

// Personal-data export (issue 18, item 8). Wolverine names messages by full type name: never move these once shipped.

/// <summary>
/// A member asked for everything the platform holds about them. Every module answers with
/// <see cref="PersonalDataExportAnswered"/>, its part as JSON; Membership zips the parts once all have answered.
/// </summary>
public sealed record PersonalDataExportRequested(Guid ExportId, Guid MemberId, DateTimeOffset RequestedAt);

/// <summary>One module's part of an export: a JSON object (document kind → the member's documents of that kind).</summary>
public sealed record PersonalDataExportAnswered(Guid ExportId, string Module, string Json);

/// <summary>
/// A module's answer to <see cref="MemberDeleted"/>: it has erased what it keeps about the member (names replaced by the
/// anonymous one, addresses and private settings forgotten) in the same transaction as this message. Membership records
/// the answers, so a site administrator can see that every module did (said again on a redelivery).
/// </summary>
public sealed record PersonalDataErased(Guid MemberId, string Module, DateTimeOffset ErasedAt);
