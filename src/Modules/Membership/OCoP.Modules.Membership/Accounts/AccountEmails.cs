using System.Net;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// The e-mails of the account life cycle: confirm the address, reset the password. Each is a <see cref="SendEmail"/>
/// request that the caller publishes (with the change that causes it, where there is one); Engagement records it, then
/// sends it, retrying what can be retried (docs/adr/0013-one-email-path.md).
/// </summary>
internal sealed class AccountEmails(IOptions<SiteOptions> site)
{
    public SendEmail Confirmation(Member member, string token)
    {
        var link = site.Value.Link($"/account/confirm?member={member.Id}&token={Uri.EscapeDataString(token)}");
        return Compose(member, "AccountConfirmation", $"Confirm your e-mail address for {site.Value.Name}",
            $"Welcome, {member.DisplayName}. Confirm your e-mail address by opening this link:", link, "Confirm my address");
    }

    public SendEmail PasswordReset(Member member, string token)
    {
        var link = site.Value.Link($"/account/reset-password?email={Uri.EscapeDataString(member.Email)}&token={Uri.EscapeDataString(token)}");
        return Compose(member, "PasswordReset", $"Reset your {site.Value.Name} password",
            "Someone asked to reset your password. If it was you, open this link; otherwise ignore this e-mail.", link, "Choose a new password");
    }

    private static SendEmail Compose(Member member, string purpose, string subject, string intro, string link, string action)
    {
        var text = $"{intro}\n\n{link}\n";
        var html = $"<p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action)}</a></p>";
        // Every request is an e-mail of its own (asking again sends again); the id only guards against redelivery.
        return new SendEmail($"membership/{purpose}/{member.Id:N}/{Guid.NewGuid():N}", member.Email, member.DisplayName, subject, text, html, purpose,
            member.Id);
    }
}
