using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// The e-mails of the account life cycle: confirm the address, reset the password.
/// An SMTP failure is logged, not thrown: the account change has already committed, and the member can ask again.
/// </summary>
internal sealed class AccountEmails(EmailSender sender, IOptions<SiteOptions> site, ILogger<AccountEmails> logger)
{
    public Task SendConfirmationAsync(Member member, string token, CancellationToken cancellationToken)
    {
        var link = site.Value.Link($"/account/confirm?member={member.Id}&token={Uri.EscapeDataString(token)}");
        return SendAsync(member, $"Confirm your e-mail address for {site.Value.Name}",
            $"Welcome, {member.DisplayName}. Confirm your e-mail address by opening this link:", link, "Confirm my address",
            cancellationToken);
    }

    public Task SendPasswordResetAsync(Member member, string token, CancellationToken cancellationToken)
    {
        var link = site.Value.Link($"/account/reset-password?email={Uri.EscapeDataString(member.Email)}&token={Uri.EscapeDataString(token)}");
        return SendAsync(member, $"Reset your {site.Value.Name} password",
            "Someone asked to reset your password. If it was you, open this link; otherwise ignore this e-mail.", link,
            "Choose a new password", cancellationToken);
    }

    private async Task SendAsync(Member member, string subject, string intro, string link, string action, CancellationToken cancellationToken)
    {
        var text = $"{intro}\n\n{link}\n";
        var html = $"<p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action)}</a></p>";
        try
        {
            await sender.SendAsync(new EmailMessage(member.Email, member.DisplayName, subject, text, html), cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
                                              or MailKit.CommandException)
        {
            logger.LogError(exception, "Could not send {Subject} to member {MemberId}", subject, member.Id);
        }
    }
}
