using Marten;
using OCoP.Modules.Knowledge.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Knowledge's activity (pages written and edited, posts published, comments, resources added) counts as group activity
/// for dormancy, with the same conditional update as <see cref="LastActivityHandler"/>. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class KnowledgeLastActivityHandler
{
    public static void Handle(WikiPageCreated e, IDocumentSession session) => Touch(session, e.GroupId, e.At);
    public static void Handle(WikiPageEdited e, IDocumentSession session) => Touch(session, e.GroupId, e.At);
    public static void Handle(BlogPostPublished e, IDocumentSession session) => Touch(session, e.GroupId, e.At);
    public static void Handle(BlogCommentAdded e, IDocumentSession session) => Touch(session, e.GroupId, e.At);
    public static void Handle(ResourceAdded e, IDocumentSession session) => Touch(session, e.GroupId, e.At);

    private static void Touch(IDocumentSession session, Guid groupId, DateTimeOffset at) =>
        session.QueueSqlCommand(LastActivityHandler.Touch, at.ToString("O"), groupId, at);
}
