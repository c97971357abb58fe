using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace OCoP.Modules.Engagement.Email;

/// <summary>Which SMTP failures are worth another try: RFC 5321 says 4xx is transient, 5xx permanent.</summary>
internal static class SmtpFailures
{
    public static bool IsPermanent(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode >= 500,
        ParseException => true, // an address or header MimeKit cannot write: no retry can mend it
        _ => false, // connection refused or dropped, timeouts, 4xx: try again later
    };

    /// <summary>What the server answered (code and text), or what went wrong before it could answer.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message} ({command.ErrorCode}{Mailbox(command)})",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static string Mailbox(SmtpCommandException command) => command.Mailbox is { } mailbox ? $" {mailbox.Address}" : "";
}
