using Marten;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// Feeds this module's copy of the shared group-access replica (docs/adr/0010): each method only forwards to
/// Membership's <see cref="GroupAccessReplica"/>, in this module's store. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class GroupAccessReplicaHandler
{
    public static Task Handle(GroupCreated e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(GroupVisibilityChanged e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(GroupStatusChanged e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(MemberJoinedGroup e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(MemberLeftGroup e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(MemberRemovedFromGroup e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(GroupMembershipLapsed e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(GroupRoleGranted e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(GroupRoleRevoked e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(MemberRegistered e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    public static Task Handle(MemberProfileChanged e, IDocumentSession session) => GroupAccessReplica.ApplyAsync(session, e);
    // MemberDeleted: the module's erasure handler (PersonalData), which applies it with the module's other erasures and answers.
}
