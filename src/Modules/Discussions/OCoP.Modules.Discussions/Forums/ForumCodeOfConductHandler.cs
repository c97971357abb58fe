using Marten;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// Keeps the code of conduct's clauses on the forum's own document, for moderators to cite. Locked or started like the
/// shared replica (a retried insert when two writers start it at once). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class ForumCodeOfConductHandler
{
    public static Task Handle(GroupCodeOfConductPublished published, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, published.GroupId, id => new ForumGroup { Id = id }, forum =>
        {
            if (published.Version >= forum.CodeOfConductVersion)
            {
                forum.CodeOfConductVersion = published.Version;
                forum.CodeOfConductClauses = [.. published.Clauses];
            }
        });
}
