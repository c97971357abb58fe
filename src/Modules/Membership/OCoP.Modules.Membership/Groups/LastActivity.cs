using Marten;
using OCoP.Modules.Discussions.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Other modules' activity keeps a group's <c>LastActivityAt</c> fresh, so the dormancy sweep sees a living group.
/// One conditional SQL update per event, not a Marten patch: a patch also renews the group's optimistic-concurrency
/// version, so a member joining or leaving at the same moment as a post got a spurious 409. This update leaves the
/// version alone; the price is that a join or leave saving a copy loaded just before may set the time back by that
/// one post, which the next post corrects (dormancy counts in days).
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class LastActivityHandler
{
    internal const string Touch =
        $"update {MembershipModule.SchemaName}.mt_doc_group " +
        "set data = jsonb_set(data, '{LastActivityAt}', to_jsonb(?::text)), mt_last_modified = now() " +
        "where id = ? and (data ->> 'LastActivityAt')::timestamptz < ?::timestamptz";

    public static void Handle(PostCreated created, IDocumentSession session) =>
        session.QueueSqlCommand(Touch, created.CreatedAt.ToString("O"), created.GroupId, created.CreatedAt);
}
