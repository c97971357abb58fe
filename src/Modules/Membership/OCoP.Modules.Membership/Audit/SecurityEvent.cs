namespace OCoP.Modules.Membership.Audit;

/// <summary>
/// One security event (issue 18, item 9): who, what, when, from which address. Kept <c>Audit:RetentionDays</c> (365) days,
/// then pruned by <see cref="AuditPruningHandler"/>. The e-mail address is the one typed or held at the time.
/// </summary>
internal sealed class SecurityEvent
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public SecurityEventKind Kind { get; set; }
    public Guid? MemberId { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string Detail { get; set; } = "";

    /// <summary>Keyset-paging key, newest first: the time, then the id, so equal times still page stably.</summary>
    public string PageKey { get; set; } = "";

    public static string KeyOf(DateTimeOffset at, Guid id) => $"{at.UtcTicks:D19}:{id:N}";
}

internal enum SecurityEventKind
{
    SignedIn,
    SignInFailed,
    PasswordChanged,
    PasswordReset,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodesRenewed,
    TokenCreated,
    TokenRevoked,
    DataExported,
    AccountDeleted,
    SiteAdministratorChanged,
    PasskeyAdded,
    PasskeyRemoved,
    GroupRolesChanged,
    GroupMemberRemoved,
    GroupMemberBanned,
    ExternalSignInLinked,
    ExternalSignInUnlinked,
}
