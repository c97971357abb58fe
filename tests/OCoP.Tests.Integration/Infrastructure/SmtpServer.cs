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

    /// <summary>
    /// The recipients of every message file seen so far. The Maildir is shared by all hosts of the run and only grows, and
    /// a file in it never changes (the server writes in tmp/ and renames): each is parsed once to learn its recipients,
    /// then only a recipient's own messages are parsed at each poll, not the whole Maildir by every waiting test.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> Recipients = new();

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
                if (!Recipients.TryGetValue(file, out var recipients))
                {
                    try
                    {
                        using var stream = File.OpenRead(file);
                        recipients = [.. MimeMessage.Load(stream).To.Mailboxes.Select(m => m.Address)];
                    }
                    catch (Exception exception) when (exception is IOException or FormatException)
                    {
                        continue; // still being written
                    }

                    Recipients[file] = recipients;
                }

                if (!recipients.Contains(recipient, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                MimeMessage message;
                try
                {
                    message = MimeMessage.Load(file); // a fresh object for each caller: MimeKit's are not thread-safe
                }
                catch (Exception exception) when (exception is IOException or FormatException)
                {
                    continue;
                }

                yield return message;
            }
        }
    }
}
