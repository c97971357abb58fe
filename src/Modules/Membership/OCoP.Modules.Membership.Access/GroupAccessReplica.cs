using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

/// <summary>
/// Keeps a module's replica (<see cref="GroupFacts"/>, <see cref="MembershipFacts"/>, <see cref="MemberFacts"/>) from
/// Membership's integration events. Every module that needs group access registers these documents with
/// <see cref="AddGroupAccessReplica"/> and forwards the events here from its own small handler (docs/adr/0010).
/// Events of different types arrive in any order and at the same time: each update locks the document it changes or
/// inserts it when it is not there yet; of two inserts the loser fails and Wolverine runs it again (the host's retry on
/// DocumentAlreadyExistsException), now finding the row to lock. Applying an event twice changes nothing more.
/// </summary>
public static class GroupAccessReplica
{
    /// <summary>The replica's documents and indexes, in the store (and schema) of the module that calls it.</summary>
    public static StoreOptions AddGroupAccessReplica(this StoreOptions options)
    {
        // Not unique: a group's event may arrive before its GroupCreated, leaving the slug empty for a moment.
        options.Schema.For<GroupFacts>().Index(g => g.Slug);
        options.Schema.For<MembershipFacts>().Index(m => m.GroupId).Index(m => m.MemberId);
        options.Schema.For<MemberFacts>().Index(m => m.Handle);
        return options;
    }

    public static Task ApplyAsync(IDocumentSession session, GroupCreated created) =>
        UpdateAsync(session, created.GroupId, id => new GroupFacts { Id = id }, group =>
        {
            group.Slug = created.Slug;
            group.Name = created.Name;
            if (created.CreatedAt >= group.VisibilityChangedAt)
            {
                group.Visibility = created.Visibility;
                group.VisibilityChangedAt = created.CreatedAt;
            }
        });

    public static Task ApplyAsync(IDocumentSession session, GroupVisibilityChanged changed) =>
        UpdateAsync(session, changed.GroupId, id => new GroupFacts { Id = id }, group =>
        {
            if (changed.ChangedAt >= group.VisibilityChangedAt)
            {
                group.Visibility = changed.Visibility;
                group.VisibilityChangedAt = changed.ChangedAt;
            }
        });

    public static Task ApplyAsync(IDocumentSession session, GroupStatusChanged changed) =>
        UpdateAsync(session, changed.GroupId, id => new GroupFacts { Id = id }, group =>
        {
            if (changed.ChangedAt >= group.StatusChangedAt)
            {
                group.Status = changed.Status;
                group.StatusChangedAt = changed.ChangedAt;
            }
        });

    public static Task ApplyAsync(IDocumentSession session, MemberJoinedGroup joined) =>
        UpdateMembershipAsync(session, joined.GroupId, joined.MemberId, joined.JoinedAt, membership =>
        {
            membership.Active = true;
            membership.Banned = false;
            membership.Lapsed = false;
            membership.Roles = [.. joined.Roles];
            membership.JoinedAt = joined.JoinedAt;
        });

    public static Task ApplyAsync(IDocumentSession session, MemberLeftGroup left) =>
        UpdateMembershipAsync(session, left.GroupId, left.MemberId, left.LeftAt, membership => membership.Active = false);

    public static Task ApplyAsync(IDocumentSession session, MemberRemovedFromGroup removed) =>
        UpdateMembershipAsync(session, removed.GroupId, removed.MemberId, removed.RemovedAt, membership =>
        {
            membership.Active = false;
            membership.Banned = removed.Banned;
        });

    public static Task ApplyAsync(IDocumentSession session, GroupMembershipLapsed lapsed) =>
        UpdateMembershipAsync(session, lapsed.GroupId, lapsed.MemberId, lapsed.LapsedAt, membership =>
        {
            membership.Active = false;
            membership.Lapsed = true;
        });

    public static Task ApplyAsync(IDocumentSession session, GroupRoleGranted granted) =>
        UpdateMembershipAsync(session, granted.GroupId, granted.MemberId, at: null, membership =>
        {
            if (!membership.Roles.Contains(granted.Role))
            {
                membership.Roles.Add(granted.Role);
            }
        });

    public static Task ApplyAsync(IDocumentSession session, GroupRoleRevoked revoked) =>
        UpdateMembershipAsync(session, revoked.GroupId, revoked.MemberId, at: null, membership => membership.Roles.Remove(revoked.Role));

    public static Task ApplyAsync(IDocumentSession session, MemberRegistered registered) =>
        NameAsync(session, registered.MemberId, registered.DisplayName, registered.RegisteredAt);

    public static Task ApplyAsync(IDocumentSession session, MemberProfileChanged changed) =>
        NameAsync(session, changed.MemberId, changed.DisplayName, changed.ChangedAt);

    /// <summary>Deletion wins for good: no profile event, earlier or later, brings the name or the handle back.</summary>
    public static Task ApplyAsync(IDocumentSession session, MemberDeleted deleted) =>
        UpdateAsync(session, deleted.MemberId, id => new MemberFacts { Id = id }, member =>
        {
            member.Deleted = true;
            member.DisplayName = MemberNames.FormerMember;
            member.Handle = "";
            member.ChangedAt = deleted.DeletedAt;
        });

    /// <summary>
    /// Locks the document with this id, or starts it, applies the change and saves it: the one way replicas are written,
    /// also for a module's own small replicas of Membership's events (an e-mail recipient, say).
    /// </summary>
    public static async Task UpdateAsync<T>(IDocumentSession session, Guid id, Func<Guid, T> start, Action<T> change) where T : notnull
    {
        var existing = await RowLocks.LoadForUpdateAsync<T>(session, id, CancellationToken.None);
        var document = existing ?? start(id);
        change(document);
        RowLocks.Save(session, document, existing is null);
    }

    /// <summary>Whether an event that happened at <paramref name="at"/> is older than the last one applied.</summary>
    public static bool IsStale(DateTimeOffset at, DateTimeOffset lastApplied) => at < lastApplied;

    private static Task NameAsync(IDocumentSession session, Guid memberId, string displayName, DateTimeOffset at) =>
        UpdateAsync(session, memberId, id => new MemberFacts { Id = id }, member =>
        {
            if (member.Deleted || IsStale(at, member.ChangedAt))
            {
                return;
            }

            member.DisplayName = displayName;
            member.Handle = MemberNames.HandleFor(displayName);
            member.ChangedAt = at;
        });

    /// <param name="at">When a join or departure happened: one older than the last applied is ignored. Null for role changes.</param>
    private static async Task UpdateMembershipAsync(IDocumentSession session, Guid groupId, Guid memberId, DateTimeOffset? at,
        Action<MembershipFacts> change)
    {
        var id = MembershipFacts.IdFor(groupId, memberId);
        var existing = await RowLocks.LoadForUpdateAsync<MembershipFacts>(session, id, CancellationToken.None);
        var membership = existing ?? new MembershipFacts { Id = id, GroupId = groupId, MemberId = memberId };
        if (at is { } happened)
        {
            if (IsStale(happened, membership.ChangedAt))
            {
                return; // a later join or departure overtook this one
            }

            membership.ChangedAt = happened;
        }

        change(membership);
        RowLocks.Save(session, membership, existing is null);
    }
}
