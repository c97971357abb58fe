using Marten;
using OCoP.BuildingBlocks.Scheduling;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Email;

/// <summary>
/// E-mail at least once (docs/adr/0026-email-leases.md): every <c>Engagement:StuckEmailSweepMinutes</c> (1 by default),
/// once per period however many hosts run (docs/adr/0012), e-mails left <c>Sending</c> past their lease (the host died
/// between recording the attempt and recording its end) are handed to <see cref="EmailDeliveryHandler"/> again, which
/// re-claims them under a row lock and sends them with the Message-ID of the first attempt. Public for Wolverine.
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class StuckEmailSweepHandler
{
    public const string JobId = "engagement/stuck-email-sweep";
    private const int BatchSize = 500;

    /// <summary>Without a token: one sweep now (tests, operators); with one: the recurring job's run.</summary>
    public sealed record SweepStuckEmails
    {
        public Guid? Token { get; init; }
    }

    public static async Task<OutgoingMessages> Handle(SweepStuckEmails sweep, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (sweep.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => sweep with { Token = next }, now, CancellationToken.None))
        {
            return [];
        }

        var stuck = await session.Query<OutgoingEmail>()
            .Where(e => e.Status == OutgoingEmailStatus.Sending && (e.LeaseUntil == null || e.LeaseUntil <= now))
            .Select(e => e.Id)
            .Take(BatchSize)
            .ToListAsync();

        var messages = new OutgoingMessages();
        messages.AddRange(stuck.Select(id => new EmailDeliveryHandler.DeliverEmail(id)));
        return messages;
    }
}
