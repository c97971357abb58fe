using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Email;

internal enum OutgoingEmailStatus
{
    /// <summary>Recorded, not sent yet.</summary>
    Pending,

    /// <summary>
    /// Being handed to the SMTP server until <see cref="OutgoingEmail.LeaseUntil"/>. A host that dies meanwhile leaves it
    /// so; once the lease has expired the stuck-e-mail sweep hands it over again, with the same Message-ID (at least once).
    /// </summary>
    Sending,
    Sent,

    /// <summary>A digest period with nothing new (or no confirmed address): nothing was sent, and the period is done.</summary>
    Skipped,

    /// <summary>The SMTP server refused it for good (a 5xx answer), or kept failing for <see cref="EmailDeliveryHandler.MaxAttempts"/> tries.</summary>
    Failed,
}

/// <summary>
/// Every e-mail the site sends, recorded before it is sent (docs/adr/0013-one-email-path.md). The Id says what it is for,
/// so that it exists once: <c>alert/{notification:N}/{count}</c> (one per event folded into the notification),
/// <c>digest/{member:N}/{period}</c>, or the id another module gave its <see cref="Contracts.SendEmail"/> request
/// (<c>membership/...</c>).
/// </summary>
internal sealed class OutgoingEmail
{
    public string Id { get; set; } = "";

    /// <summary>The member it is for; null for an e-mail to an address only (an invitation).</summary>
    public Guid? MemberId { get; set; }

    /// <summary>The notification kind of an alert, DailyDigest / WeeklyDigest, or the purpose another module named.</summary>
    public string Purpose { get; set; } = "";

    public OutgoingEmailStatus Status { get; set; }
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Notifications (counting folded events) it carries.</summary>
    public int Items { get; set; }

    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>While <c>Sending</c>: until when the host sending it owns it. Null on records older than leases: expired.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Given at the first attempt and kept for every later one (RFC 5322 Message-ID, without angle brackets).</summary>
    public string? MessageId { get; set; }

    /// <summary>True when a send attempt may start now: recorded and not tried, or stuck in <c>Sending</c> past its lease.</summary>
    public bool MaySendAt(DateTimeOffset now) =>
        Status == OutgoingEmailStatus.Pending || (Status == OutgoingEmailStatus.Sending && (LeaseUntil is null || LeaseUntil <= now));

    public static string AlertId(Guid notificationId, int count) => $"alert/{notificationId:N}/{count}";

    public static string DigestId(Guid memberId, string periodKey) => $"digest/{memberId:N}/{periodKey}";

    /// <summary>
    /// Forgets whom it went to and what it said (the member deleted their account); its id, purpose, dates and status stay
    /// for the record. One not sent yet never will be.
    /// </summary>
    public void Erase(string anonymousName)
    {
        if (Status is OutgoingEmailStatus.Pending or OutgoingEmailStatus.Sending)
        {
            Status = OutgoingEmailStatus.Skipped;
            LeaseUntil = null;
        }

        ToAddress = "";
        ToName = anonymousName;
        Subject = "";
        TextBody = "";
        HtmlBody = "";
        Headers = [];
        LastError = null;
        Erased = true;
    }

    /// <summary>Replaces a deleted member's name in an e-mail that named them to someone else (an alert, a digest).</summary>
    public bool ForgetName(string name, string anonymousName)
    {
        var encoded = System.Net.WebUtility.HtmlEncode(name);
        var before = (Subject, TextBody, HtmlBody);
        Subject = Subject.Replace(name, anonymousName, StringComparison.Ordinal);
        TextBody = TextBody.Replace(name, anonymousName, StringComparison.Ordinal);
        HtmlBody = HtmlBody.Replace(name, anonymousName, StringComparison.Ordinal)
            .Replace(encoded, System.Net.WebUtility.HtmlEncode(anonymousName), StringComparison.Ordinal);
        return before != (Subject, TextBody, HtmlBody);
    }

    /// <summary>Set by <see cref="Erase"/>: an attempt that was under way must not write the old content back.</summary>
    public bool Erased { get; set; }
}

internal sealed record ComposedEmail(string Subject, string Text, string Html);

/// <summary>Every alert and digest ends the same way: where to change preferences, and a one-click unsubscribe (RFC 8058).</summary>
internal static class EmailComposer
{
    public const string PreferencesPath = "/settings/email";

    public static void Fill(OutgoingEmail email, Recipient person, string toName, ComposedEmail composed, string unsubscribeLink, SiteOptions site)
    {
        var preferences = site.Link(PreferencesPath);
        var encode = System.Text.Encodings.Web.HtmlEncoder.Default;
        email.ToAddress = person.Email!;
        email.ToName = toName;
        email.Subject = composed.Subject;
        email.TextBody = $"{composed.Text.TrimEnd()}\n\n--\nChoose what {site.Name} e-mails you, and when: {preferences}\n" +
            $"Stop these e-mails: {unsubscribeLink}\n";
        email.HtmlBody = $"<!DOCTYPE html><html><body>{composed.Html}<hr><p>Choose what {encode.Encode(site.Name)} e-mails you, and when: " +
            $"<a href=\"{encode.Encode(preferences)}\">e-mail preferences</a>. <a href=\"{encode.Encode(unsubscribeLink)}\">Unsubscribe</a>.</p></body></html>";
        email.Headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{unsubscribeLink}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["Auto-Submitted"] = "auto-generated",
        };
    }
}

/// <summary>
/// Sends one recorded e-mail, at least once (docs/adr/0026-email-leases.md). The record is marked <c>Sending</c> with a
/// lease of <see cref="Lease"/> and a Message-ID, committed before MailKit is called, and <c>Sent</c> after: a crash in
/// between leaves it <c>Sending</c>, and once the lease has expired <see cref="StuckEmailSweepHandler"/> hands it over
/// again with the same Message-ID, so a duplicate (the crash came after the server took it) is recognisable as one,
/// and nothing is lost. A transient failure (no connection, a 4xx answer)
/// puts it back to <c>Pending</c> and Wolverine tries again with back-off; a permanent one (a 5xx answer, an address
/// MailKit cannot write) marks it <c>Failed</c> with the server's answer, at once. Public for Wolverine (docs/adr/0001).
/// </summary>
public static class EmailDeliveryHandler
{
    public const int MaxAttempts = 5;

    /// <summary>How long one attempt owns the record: far longer than an SMTP exchange takes, so two hosts never send it at once.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Engagement:EmailLeaseSeconds</c>, else <see cref="Lease"/>. The e-mail kill test shortens it, so that what each
    /// kill leaves <c>Sending</c> is sent again within the test rather than five minutes later.
    /// </summary>
    public static TimeSpan LeaseFrom(IConfiguration configuration) =>
        configuration.GetValue("Engagement:EmailLeaseSeconds", 0.0) is var seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : Lease;

    public sealed record DeliverEmail(string EmailId);

    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

    public static async Task Handle(DeliverEmail deliver, IEngagementStore store, EmailSender sender, TimeProvider clock, IConfiguration configuration,
        ILogger<DeliverEmail> logger, CancellationToken cancellationToken)
    {
        OutgoingEmail? email;
        await using (var session = store.LightweightSession())
        {
            email = await RowLocks.LoadForUpdateAsync<OutgoingEmail>(session, deliver.EmailId, cancellationToken);
            var now = clock.GetUtcNow();
            if (email is null || !email.MaySendAt(now))
            {
                return; // sent already, given up, or another attempt holds a live lease on it
            }

            email.Status = OutgoingEmailStatus.Sending;
            email.LeaseUntil = now + LeaseFrom(configuration);
            email.MessageId ??= $"{Guid.NewGuid():N}@{MessageIdDomain(sender)}";
            email.Attempts++;
            session.Store(email);
            await session.SaveChangesAsync(cancellationToken);
        }

        try
        {
            await sender.SendAsync(new EmailMessage(email.ToAddress, email.ToName, email.Subject, email.TextBody, email.HtmlBody)
                {
                    Headers = email.Headers,
                    MessageId = email.MessageId,
                },
                cancellationToken);
            email.Status = OutgoingEmailStatus.Sent;
            email.SentAt = clock.GetUtcNow();
        }
        catch (Exception exception) when (SmtpFailures.IsPermanent(exception))
        {
            logger.LogWarning(exception, "E-mail {EmailId} was refused for good; not trying again", email.Id);
            email.Status = OutgoingEmailStatus.Failed;
            email.LastError = SmtpFailures.Describe(exception);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not send e-mail {EmailId} (attempt {Attempt}); trying again later", email.Id, email.Attempts);
            email.Status = email.Attempts >= MaxAttempts ? OutgoingEmailStatus.Failed : OutgoingEmailStatus.Pending;
            email.LastError = SmtpFailures.Describe(exception);
            await SaveAsync(store, email);
            throw;
        }

        await SaveAsync(store, email);
    }

    private static string MessageIdDomain(EmailSender sender) => sender.FromDomain;

    /// <summary>
    /// Writes the attempt's outcome onto the record as it is now, under its lock, not the copy read before the attempt:
    /// the member may have deleted their account meanwhile, and their erased record must stay erased.
    /// </summary>
    private static async Task SaveAsync(IEngagementStore store, OutgoingEmail email)
    {
        await using var session = store.LightweightSession();
        var current = await RowLocks.LoadForUpdateAsync<OutgoingEmail>(session, email.Id, CancellationToken.None);
        if (current is null)
        {
            return;
        }

        current.Status = current.Erased && email.Status == OutgoingEmailStatus.Pending ? OutgoingEmailStatus.Skipped : email.Status;
        current.SentAt = email.SentAt;
        current.LastError = current.Erased ? null : email.LastError;
        current.MessageId = email.MessageId;
        current.Attempts = email.Attempts;
        current.LeaseUntil = null;
        session.Store(current);
        await session.SaveChangesAsync(CancellationToken.None);
    }
}
