using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Scheduling;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>
/// The weekly link check of the resource directories: a recurring job (docs/adr/0012, once per cluster) that hands each
/// due link to a message of its own, so a slow or failing link is retried alone and never holds up the others.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class LinkCheckHandler
{
    public const string JobId = "knowledge/link-check";
    private const int BatchSize = 1_000;

    /// <summary>Without a token: one pass now (tests, operators); with one: the recurring job's run.</summary>
    public sealed record CheckResourceLinks
    {
        public Guid? Token { get; init; }
    }

    /// <summary>Check one resource's link and record what was found.</summary>
    public sealed record CheckResourceLink(Guid ResourceId);

    public static async Task<OutgoingMessages> Handle(CheckResourceLinks sweep, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (sweep.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => sweep with { Token = next }, now, CancellationToken.None))
        {
            return [];
        }

        // Never checked first, then the longest unchecked: a directory larger than one batch is covered over several runs.
        var due = await session.Query<Resource>().Where(r => r.Url != null)
            .OrderBy(r => r.LinkCheckedAt).Take(BatchSize).Select(r => r.Id).ToListAsync();
        var messages = new OutgoingMessages();
        messages.AddRange(due.Select(id => new CheckResourceLink(id)));
        return messages;
    }

    /// <summary>
    /// Asks the link (no row locked while a slow site answers), then records the finding under a row lock. A link that
    /// breaks gets a "broken link" concern from the link check and a <see cref="ResourceConcernFlagged"/>; a link that
    /// works again is marked working.
    /// </summary>
    public static async Task Handle(CheckResourceLink check, IDocumentSession session, IMessageContext bus, IHttpClientFactory clients, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var url = (await session.LoadAsync<Resource>(check.ResourceId, cancellationToken))?.Url;
        if (url is null)
        {
            return;
        }

        var finding = await LinkChecker.CheckAsync(clients.CreateClient(LinkChecker.ClientName), url, cancellationToken);
        var resource = await RowLocks.LoadForUpdateAsync<Resource>(session, check.ResourceId, cancellationToken);
        if (resource is null || resource.Url != url)
        {
            return; // deleted or changed while we asked: the next run checks the new address
        }

        var now = clock.GetUtcNow();
        var newlyBroken = !finding.Working && resource.LinkState != LinkState.Broken;
        (resource.LinkState, resource.LinkCheckedAt, resource.LinkProblem) = (finding.Working ? LinkState.Working : LinkState.Broken, now, finding.Problem);
        if (newlyBroken)
        {
            resource.Concerns.Add(new ResourceConcern(Guid.CreateVersion7(), ConcernKind.BrokenLink, finding.Problem, Guid.Empty, now));
            var group = await session.LoadAsync<GroupFacts>(resource.GroupId, cancellationToken);
            await bus.PublishAsync(new ResourceConcernFlagged(resource.GroupId, resource.Id, resource.Title, nameof(ConcernKind.BrokenLink), null,
                ResourcePaths.Resource(group?.Slug ?? "", resource.Id), now));
        }

        session.Store(resource);
    }
}
