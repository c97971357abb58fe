using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Membership.Members;

/// <summary>Puts the member's id, display name and site-administrator flag into the sign-in cookie.</summary>
internal sealed class MemberClaimsFactory(UserManager<Member> users, IOptions<IdentityOptions> options, SiteAdministrators administrators)
    : UserClaimsPrincipalFactory<Member>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Member user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(ClaimsFor(user, administrators));
        return identity;
    }

    public static IEnumerable<Claim> ClaimsFor(Member member, SiteAdministrators administrators)
    {
        yield return new Claim(ClaimTypes.GivenName, member.DisplayName);
        yield return new Claim(CurrentMember.TimeZoneClaim, member.TimeZone); // dates on the pages are written in it
        if (administrators.Includes(member))
        {
            yield return new Claim(CurrentMember.SiteAdministratorClaim, "true");
        }
    }
}
