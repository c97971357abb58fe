using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// What guards the account itself (password, second factor) is changed from a signed-in session only: a leaked
/// personal access token must not be enough to take the account over.
/// </summary>
internal static class SessionOnly
{
    public static void Require(CurrentMember me, string what)
    {
        if (me.Principal.Identity?.AuthenticationType == MemberPolicy.TokenAuthenticationType)
        {
            throw ProblemException.Forbidden($"This is {what} from a signed-in session, not with a personal access token.");
        }
    }
}
