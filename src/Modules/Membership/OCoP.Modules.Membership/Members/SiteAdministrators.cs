using Microsoft.Extensions.Options;

namespace OCoP.Modules.Membership.Members;

/// <summary>Site administrators: the first account ever registered, plus the e-mails listed in configuration.</summary>
internal sealed class SiteAdministrators(IOptions<MembershipOptions> options)
{
    public bool Includes(Member member) =>
        member.IsSiteAdministrator ||
        options.Value.SiteAdministrators.Any(e => string.Equals(e.Trim(), member.Email, StringComparison.OrdinalIgnoreCase));
}
