namespace OCoP.Modules.Knowledge.Curation;

/// <summary>
/// A member's confirmed e-mail address, kept from Membership's <c>MemberEmailConfirmed</c> only so the weekly stale-page
/// summary can name its recipients in <c>SendEmail</c> (docs/adr/0013); removed when the member is deleted.
/// </summary>
internal sealed class CuratorAddress
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}
