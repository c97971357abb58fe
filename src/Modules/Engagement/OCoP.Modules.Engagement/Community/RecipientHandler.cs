using Marten;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Community;

/// <summary>
/// Keeps <see cref="Recipient"/> from Membership's member events, written the way the shared replica is (lock or start,
/// a retried insert on a race, docs/adr/0006 and 0010). Each message type has its own queue, so events arrive in any
/// order: the newest time zone wins, and deletion wins over everything. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class RecipientHandler
{
    public static Task Handle(MemberRegistered registered, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, registered.MemberId, NewRecipient, r => Zone(r, registered.TimeZone, registered.RegisteredAt));

    public static Task Handle(MemberProfileChanged changed, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, changed.MemberId, NewRecipient, r => Zone(r, changed.TimeZone, changed.ChangedAt));

    public static Task Handle(MemberEmailConfirmed confirmed, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, confirmed.MemberId, NewRecipient, r => r.Email = r.Deleted ? null : confirmed.Email);

    /// <summary>Part of Engagement's erasure (EngagementPersonalDataHandler): the address is forgotten for good.</summary>
    internal static Task ForgetAsync(MemberDeleted deleted, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, deleted.MemberId, NewRecipient, r =>
        {
            r.Email = null;
            r.Deleted = true;
        });

    private static Recipient NewRecipient(Guid id) => new() { Id = id };

    private static void Zone(Recipient recipient, string timeZone, DateTimeOffset at)
    {
        if (recipient.Deleted || GroupAccessReplica.IsStale(at, recipient.ProfileChangedAt))
        {
            return;
        }

        recipient.TimeZone = timeZone;
        recipient.ProfileChangedAt = at;
    }
}
