using Marten;
using OCoP.BuildingBlocks.Scheduling;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Audit;

/// <summary>
/// Keeps the security audit log <c>Audit:RetentionDays</c> (365) days: a recurring job (docs/adr/0012), once per period
/// however many hosts run. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class AuditPruningHandler
{
    public const string JobId = "membership/audit-pruning";

    /// <summary>Delete the events older than the retention. Without a token: once now (tests, operators).</summary>
    public sealed record PruneSecurityEvents(int RetentionDays)
    {
        public Guid? Token { get; init; }
    }

    public static async Task Handle(PruneSecurityEvents prune, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (prune.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => prune with { Token = next }, now, CancellationToken.None))
        {
            return;
        }

        var cutoff = now.AddDays(-Math.Max(1, prune.RetentionDays));
        session.DeleteWhere<SecurityEvent>(e => e.At < cutoff);
    }
}
