using OCoP.BuildingBlocks.Persistence;
using Marten;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// Keeps this module's copy of groups, memberships and member names from the Membership module's integration events.
/// Events of different types may arrive in any order and at the same time, so each handler locks the document it changes,
/// or inserts it when it is not there yet: of two handlers starting the same document, the loser's insert fails and
/// Wolverine runs it again, now finding the row to lock (the retry policy in the host's messaging set-up).
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class MembershipEventsHandler
{
    public static Task Handle(GroupCreated created, IDocumentSession session) =>
        UpdateGroupAsync(session, created.GroupId, group =>
        {
            group.Slug = created.Slug;
            group.Name = created.Name;
            group.Visibility = created.Visibility;
        });

    public static Task Handle(GroupVisibilityChanged changed, IDocumentSession session) =>
        UpdateGroupAsync(session, changed.GroupId, group => group.Visibility = changed.Visibility);

    public static Task Handle(GroupStatusChanged changed, IDocumentSession session) =>
        UpdateGroupAsync(session, changed.GroupId, group => group.Status = changed.Status);

    public static Task Handle(GroupCodeOfConductPublished published, IDocumentSession session) =>
        UpdateGroupAsync(session, published.GroupId, group =>
        {
            if (published.Version >= group.CodeOfConductVersion)
            {
                group.CodeOfConductVersion = published.Version;
                group.CodeOfConductClauses = [.. published.Clauses];
            }
        });

    public static async Task Handle(MemberJoinedGroup joined, IDocumentSession session)
    {
        var (member, isNew) = await LoadMemberAsync(session, joined.GroupId, joined.MemberId);
        if (joined.JoinedAt < member.ChangedAt)
        {
            return; // a later leave or removal overtook this join
        }

        member.ChangedAt = joined.JoinedAt;
        member.Active = true;
        member.Roles = [.. joined.Roles];
        member.JoinedAt = joined.JoinedAt;
        RowLocks.Save(session, member, isNew);
    }

    public static Task Handle(MemberLeftGroup left, IDocumentSession session) => DeactivateAsync(session, left.GroupId, left.MemberId, left.LeftAt);

    public static Task Handle(MemberRemovedFromGroup removed, IDocumentSession session) =>
        DeactivateAsync(session, removed.GroupId, removed.MemberId, removed.RemovedAt);

    public static Task Handle(GroupMembershipLapsed lapsed, IDocumentSession session) =>
        DeactivateAsync(session, lapsed.GroupId, lapsed.MemberId, lapsed.LapsedAt);

    public static async Task Handle(GroupRoleGranted granted, IDocumentSession session)
    {
        var (member, isNew) = await LoadMemberAsync(session, granted.GroupId, granted.MemberId);
        if (!member.Roles.Contains(granted.Role))
        {
            member.Roles.Add(granted.Role);
        }

        RowLocks.Save(session, member, isNew);
    }

    public static async Task Handle(GroupRoleRevoked revoked, IDocumentSession session)
    {
        var (member, isNew) = await LoadMemberAsync(session, revoked.GroupId, revoked.MemberId);
        member.Roles.Remove(revoked.Role);
        RowLocks.Save(session, member, isNew);
    }

    public static Task Handle(MemberRegistered registered, IDocumentSession session) =>
        NameAsync(session, registered.MemberId, registered.DisplayName);

    public static Task Handle(MemberProfileChanged changed, IDocumentSession session) => NameAsync(session, changed.MemberId, changed.DisplayName);

    public static Task Handle(MemberDeleted deleted, IDocumentSession session) => NameAsync(session, deleted.MemberId, deleted.AnonymousName, handle: "");

    private static async Task UpdateGroupAsync(IDocumentSession session, Guid groupId, Action<ForumGroup> change)
    {
        // A change that overtook its GroupCreated starts the document; GroupCreated fills in the rest.
        // Locked: the forum's own writes (topic numbers, categories, counters) change the same document.
        var existing = await RowLocks.LoadForUpdateAsync<ForumGroup>(session, groupId, CancellationToken.None);
        var group = existing ?? new ForumGroup { Id = groupId };
        change(group);
        RowLocks.Save(session, group, isNew: existing is null);
    }

    private static async Task<(ForumMember Member, bool IsNew)> LoadMemberAsync(IDocumentSession session, Guid groupId, Guid memberId)
    {
        var id = ForumMember.IdFor(groupId, memberId);
        var member = await RowLocks.LoadForUpdateAsync<ForumMember>(session, id, CancellationToken.None);
        return member is null ? (new ForumMember { Id = id, GroupId = groupId, MemberId = memberId }, true) : (member, false);
    }

    private static async Task DeactivateAsync(IDocumentSession session, Guid groupId, Guid memberId, DateTimeOffset at)
    {
        var (member, isNew) = await LoadMemberAsync(session, groupId, memberId);
        if (at < member.ChangedAt)
        {
            return; // a later join overtook this
        }

        member.ChangedAt = at;
        member.Active = false;
        RowLocks.Save(session, member, isNew);
    }

    private static Task NameAsync(IDocumentSession session, Guid memberId, string displayName, string? handle = null)
    {
        // A deleted member keeps no handle: nobody can mention them any more.
        session.Store(new ForumAuthor { Id = memberId, DisplayName = displayName, Handle = handle ?? ForumAuthor.HandleFor(displayName) });
        return Task.CompletedTask;
    }
}
