using MimeKit;

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>The real SMTP server process the host sends to; tests read what it wrote into its Maildir.</summary>
internal sealed record SmtpServer(string Host, int Port, string Maildir)
{
    /// <summary>Waits for the newest message sent to <paramref name="recipient"/> whose subject contains <paramref name="subject"/>.</summary>
    // Generous: e-mail goes through two durable queues, and the first message of a handler compiles it (slow on a loaded machine).
    public Task<MimeMessage> WaitForMessageAsync(string recipient, string subject, TimeSpan? timeout = null) =>
        Eventually.FoundAsync(() => Messages(recipient).Where(m => (m.Subject ?? "").Contains(subject, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Date).FirstOrDefault(), $"an e-mail '{subject}' to {recipient} in the Maildir {Maildir}", timeout ?? TimeSpan.FromSeconds(60));

    public IEnumerable<MimeMessage> Messages(string recipient)
    {
        foreach (var folder in new[] { "new", "cur" })
        {
            var path = Path.Combine(Maildir, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path))
            {
                MimeMessage message;
                try
                {
                    message = MimeMessage.Load(file);
                }
                catch (Exception exception) when (exception is IOException or FormatException)
                {
                    continue; // still being written
                }

                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, recipient, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return message;
                }
            }
        }
    }
}
