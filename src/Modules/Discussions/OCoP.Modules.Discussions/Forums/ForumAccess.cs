using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// A group's forum as seen by the current member: the shared group-access rule (<see cref="GroupViewer"/>, owned by
/// Membership, docs/adr/0010) and the forum's own document.
/// </summary>
internal sealed class ForumContext(GroupViewer group, ForumGroup forum)
{
    public GroupViewer Group { get; } = group;
    public ForumGroup Forum { get; } = forum;
    public bool IsMember => Group.IsMember;
    public bool IsSiteAdministrator => Group.IsSiteAdministrator;
    public Guid? ViewerId => Group.ViewerId;
    public IReadOnlyList<GroupRole> Roles => Group.Roles;
    public bool Can(GroupAction action) => Group.Can(action);

    public ForumContext RequireRead()
    {
        Group.RequireRead();
        return this;
    }

    public ForumContext Require(GroupAction action)
    {
        Group.Require(action);
        return this;
    }

    /// <summary>Archived and closed groups keep their forum readable and refuse every change.</summary>
    public ForumContext RequireWritable()
    {
        Group.RequireWritable();
        return this;
    }
}

internal static class ForumAccess
{
    /// <summary>For reading: the replica, confirmed with Membership for a signed-in caller it does not know as a member.</summary>
    public static async Task<ForumContext> LoadAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember me,
        CancellationToken cancellationToken)
    {
        var group = await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken);
        return new ForumContext(group, await session.LoadAsync<ForumGroup>(groupId, cancellationToken) ?? new ForumGroup { Id = groupId });
    }

    /// <summary>For a write: the caller's standing is confirmed with Membership, so a removal or ban counts at once.</summary>
    public static async Task<ForumContext> LoadToWriteAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember me,
        CancellationToken cancellationToken)
    {
        var group = await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken);
        return new ForumContext(group, await session.LoadAsync<ForumGroup>(groupId, cancellationToken) ?? new ForumGroup { Id = groupId });
    }

    /// <summary>
    /// For a write to the forum document itself (topic numbers, categories, settings): locked for this session's
    /// transaction, or a new one when no event has started it yet (stored with Store: an upsert, so the event handler that
    /// starts the same document cannot make this write fail; topic numbers stay unique by their index).
    /// </summary>
    public static async Task<ForumContext> LoadForUpdateAsync(IDocumentSession session, IMessageBus bus, Guid groupId,
        CurrentMember me, CancellationToken cancellationToken)
    {
        var group = await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken);
        var forum = await RowLocks.LoadForUpdateAsync<ForumGroup>(session, groupId, cancellationToken);
        return new ForumContext(group, forum ?? new ForumGroup { Id = groupId });
    }

    public static async Task<ForumContext> LoadBySlugAsync(IQuerySession session, IMessageBus bus, string slug, CurrentMember me,
        CancellationToken cancellationToken) =>
        await LoadAsync(session, bus, await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken), me, cancellationToken);
}
