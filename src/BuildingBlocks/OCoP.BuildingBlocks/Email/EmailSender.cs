using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OCoP.BuildingBlocks.Email;

public sealed record EmailMessage(string ToAddress, string ToName, string Subject, string TextBody, string? HtmlBody = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The Message-ID without angle brackets; null lets MimeKit make one. A retried send keeps its own, so a
    /// receiving server or mail client can tell a second delivery of the same e-mail.</summary>
    public string? MessageId { get; init; }
}

/// <summary>Sends one message over SMTP with MailKit. A connection per message: volumes here are small.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, ILogger<EmailSender> logger)
{
    /// <summary>The domain of the sender's address: the right-hand side of the Message-IDs this site gives.</summary>
    public string FromDomain => options.Value.FromAddress.Split('@') is [_, var domain] && domain.Length > 0 ? domain : "ocop.localhost";

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName, message.ToAddress));
        mime.Subject = message.Subject;
        if (message.MessageId is { } messageId)
        {
            mime.MessageId = messageId;
        }
        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(name, value);
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Sent e-mail {Subject} to {Recipient}", message.Subject, message.ToAddress);
    }
}
