namespace OCoP.Modules.Membership;

/// <summary>Site-wide membership settings (section <c>Membership</c>).</summary>
internal sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>E-mail addresses that are site administrators whenever they sign in.</summary>
    public List<string> SiteAdministrators { get; set; } = [];
}
