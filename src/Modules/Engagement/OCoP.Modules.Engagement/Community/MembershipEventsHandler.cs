using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Community;

/// <summary>
/// Keeps this module's copy of members, groups and memberships from the Membership module's integration events. Events
/// may arrive in any order and at once: each handler locks the document it changes or inserts it; of two inserts the
/// loser fails and Wolverine runs it again (the host's retry policy), now finding the row to lock (docs/adr/0006).
/// Follows that change with membership are kept by a handler of the Follows feature, in its own queue.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class MembershipEventsHandler
{
    public static Task Handle(MemberRegistered registered, IDocumentSession session) =>
        UpdatePersonAsync(session, registered.MemberId, person => Rename(person, registered.DisplayName, registered.TimeZone, registered.RegisteredAt));

    public static Task Handle(MemberProfileChanged changed, IDocumentSession session) =>
        UpdatePersonAsync(session, changed.MemberId, person => Rename(person, changed.DisplayName, changed.TimeZone, changed.ChangedAt));

    /// <summary>Each message type has its own queue, so a registration may arrive after a later profile change: the newest wins.</summary>
    private static void Rename(Person person, string displayName, string timeZone, DateTimeOffset at)
    {
        if (person.Deleted || at < person.ProfileChangedAt)
        {
            return;
        }

        person.DisplayName = displayName;
        person.TimeZone = timeZone;
        person.ProfileChangedAt = at;
    }

    public static Task Handle(MemberEmailConfirmed confirmed, IDocumentSession session) =>
        UpdatePersonAsync(session, confirmed.MemberId, person => person.Email = person.Deleted ? null : confirmed.Email);

    public static Task Handle(MemberDeleted deleted, IDocumentSession session) =>
        UpdatePersonAsync(session, deleted.MemberId, person =>
        {
            person.DisplayName = deleted.AnonymousName;
            person.Email = null;
            person.Deleted = true;
        });

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

    public static Task Handle(MemberJoinedGroup joined, IDocumentSession session) =>
        UpdateMembershipAsync(session, joined.GroupId, joined.MemberId, joined.JoinedAt, member =>
        {
            member.Active = true;
            member.Roles = [.. joined.Roles];
        });

    public static Task Handle(MemberLeftGroup left, IDocumentSession session) =>
        UpdateMembershipAsync(session, left.GroupId, left.MemberId, left.LeftAt, member => member.Active = false);

    public static Task Handle(MemberRemovedFromGroup removed, IDocumentSession session) =>
        UpdateMembershipAsync(session, removed.GroupId, removed.MemberId, removed.RemovedAt, member => member.Active = false);

    public static Task Handle(GroupMembershipLapsed lapsed, IDocumentSession session) =>
        UpdateMembershipAsync(session, lapsed.GroupId, lapsed.MemberId, lapsed.LapsedAt, member => member.Active = false);

    public static Task Handle(GroupRoleGranted granted, IDocumentSession session) =>
        UpdateMembershipAsync(session, granted.GroupId, granted.MemberId, at: null, member =>
        {
            if (!member.Roles.Contains(granted.Role))
            {
                member.Roles.Add(granted.Role);
            }
        });

    public static Task Handle(GroupRoleRevoked revoked, IDocumentSession session) =>
        UpdateMembershipAsync(session, revoked.GroupId, revoked.MemberId, at: null, member => member.Roles.Remove(revoked.Role));

    private static async Task UpdatePersonAsync(IDocumentSession session, Guid memberId, Action<Person> change)
    {
        var existing = await RowLocks.LoadForUpdateAsync<Person>(session, memberId, CancellationToken.None);
        var person = existing ?? new Person { Id = memberId };
        change(person);
        RowLocks.Save(session, person, existing is null);
    }

    private static async Task UpdateGroupAsync(IDocumentSession session, Guid groupId, Action<CommunityGroup> change)
    {
        // A change that overtook its GroupCreated starts the document; GroupCreated fills in the rest.
        var existing = await RowLocks.LoadForUpdateAsync<CommunityGroup>(session, groupId, CancellationToken.None);
        var group = existing ?? new CommunityGroup { Id = groupId };
        change(group);
        RowLocks.Save(session, group, existing is null);
    }

    /// <param name="at">When a join or departure happened: one older than the last applied is ignored. Null for role changes.</param>
    private static async Task UpdateMembershipAsync(IDocumentSession session, Guid groupId, Guid memberId, DateTimeOffset? at,
        Action<GroupMember> change)
    {
        var id = GroupMember.IdFor(groupId, memberId);
        var existing = await RowLocks.LoadForUpdateAsync<GroupMember>(session, id, CancellationToken.None);
        var member = existing ?? new GroupMember { Id = id, GroupId = groupId, MemberId = memberId };
        if (at is { } happened)
        {
            if (happened < member.ChangedAt)
            {
                return; // a later join or departure overtook this one
            }

            member.ChangedAt = happened;
        }

        change(member);
        RowLocks.Save(session, member, existing is null);
    }
}
