using Marten;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

/// <summary>
/// The many-readers form of <see cref="GroupViewer"/>, over a module's replica, for fan-out (feeds, activity,
/// notifications, e-mail): who may read what came from a group is decided when it is read or sent, never when it was
/// written, so a member who leaves a members-only or secret group stops seeing its items at once.
/// </summary>
public static class GroupReaders
{
    /// <summary>The groups the member belongs to now; empty for a visitor.</summary>
    public static async Task<IReadOnlySet<Guid>> GroupsOfAsync(IQuerySession session, Guid? memberId, CancellationToken cancellationToken)
    {
        if (memberId is not { } id)
        {
            return new HashSet<Guid>();
        }

        var groups = await session.Query<MembershipFacts>().Where(m => m.MemberId == id && m.Active).Select(m => m.GroupId).ToListAsync(cancellationToken);
        return groups.ToHashSet();
    }

    /// <summary>The groups, out of those given, whose items this reader (null: a visitor) may read. Two queries.</summary>
    public static async Task<IReadOnlySet<Guid>> ReadableAsync(IQuerySession session, Guid? readerId, IEnumerable<Guid> groupIds,
        CancellationToken cancellationToken)
    {
        var groups = await LoadAsync(session, groupIds, cancellationToken);
        var readersGroups = await GroupsOfAsync(session, readerId, cancellationToken);
        return groups.Values.Where(g => CanRead(g, readersGroups)).Select(g => g.Id).ToHashSet();
    }

    /// <summary>The members, out of those given, who may read this group's items now. Two queries.</summary>
    public static async Task<IReadOnlySet<Guid>> WhoMayReadAsync(IQuerySession session, Guid groupId, IEnumerable<Guid> memberIds,
        CancellationToken cancellationToken)
    {
        var readable = await ReadablePairsAsync(session, memberIds.Select(m => (groupId, m)), cancellationToken);
        return readable.Select(p => p.MemberId).ToHashSet();
    }

    /// <summary>Which (group, member) pairs may read: for a batch of notifications to several members. Two queries.</summary>
    public static async Task<IReadOnlySet<(Guid GroupId, Guid MemberId)>> ReadablePairsAsync(IQuerySession session,
        IEnumerable<(Guid GroupId, Guid MemberId)> pairs, CancellationToken cancellationToken)
    {
        var wanted = pairs.Distinct().ToArray();
        if (wanted.Length == 0)
        {
            return new HashSet<(Guid, Guid)>();
        }

        var groups = await LoadAsync(session, wanted.Select(p => p.GroupId), cancellationToken);
        var memberships = (await session.LoadManyAsync<MembershipFacts>(cancellationToken,
            wanted.Select(p => MembershipFacts.IdFor(p.GroupId, p.MemberId)).ToArray())).ToDictionary(m => m.Id);
        return wanted.Where(p => groups.TryGetValue(p.GroupId, out var group) &&
                                 GroupViewer.Of(group, memberships.GetValueOrDefault(MembershipFacts.IdFor(p.GroupId, p.MemberId)), p.MemberId, false).CanRead)
            .ToHashSet();
    }

    /// <summary>The rule for one reader whose groups are already known (see <see cref="GroupsOfAsync"/>).</summary>
    public static bool CanRead(GroupFacts group, IReadOnlySet<Guid> readersGroups) =>
        GroupViewer.Of(group, readersGroups.Contains(group.Id) ? new MembershipFacts { Active = true } : null, null, false).CanRead;

    /// <summary>The groups the replica knows, by id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, GroupFacts>> LoadAsync(IQuerySession session, IEnumerable<Guid> groupIds,
        CancellationToken cancellationToken)
    {
        var ids = groupIds.Distinct().ToArray();
        return ids.Length == 0
            ? new Dictionary<Guid, GroupFacts>()
            : (await session.LoadManyAsync<GroupFacts>(cancellationToken, ids)).ToDictionary(g => g.Id);
    }
}
