using Marten;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Search;

/// <summary>
/// What one searcher may find, decided now with the shared group-access rule (<see cref="GroupViewer"/>, docs/adr/0010),
/// exactly as the pages decide it: content of the groups whose content they may read; the groups they may see (a secret
/// group only for its members); people only for signed-in members, as the member directory.
/// </summary>
internal sealed record SearchAudience(Guid? MemberId, IReadOnlyDictionary<Guid, GroupFacts> Groups, Guid[] Readable, Guid[] Visible)
{
    public bool SignedIn => MemberId is not null;

    public static async Task<SearchAudience> OfAsync(IQuerySession session, CurrentMember me, CancellationToken cancellationToken)
    {
        Guid? memberId = me.IsAuthenticated ? me.Id : null;
        var mine = await GroupReaders.GroupsOfAsync(session, memberId, cancellationToken);
        var groups = (await session.Query<GroupFacts>().ToListAsync(cancellationToken)).Where(g => g.IsKnown).ToDictionary(g => g.Id);
        var viewers = groups.Values
            .Select(g => GroupViewer.Of(g, mine.Contains(g.Id) ? new MembershipFacts { Active = true, GroupId = g.Id } : null, memberId,
                memberId is not null && me.IsSiteAdministrator))
            .ToList();
        return new SearchAudience(memberId, groups, [.. viewers.Where(v => v.CanRead).Select(v => v.GroupId)],
            [.. viewers.Where(v => v.CanSee).Select(v => v.GroupId)]);
    }
}
