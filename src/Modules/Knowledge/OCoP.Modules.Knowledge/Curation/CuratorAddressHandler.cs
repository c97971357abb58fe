using Marten;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.Curation;

/// <summary>Keeps <see cref="CuratorAddress"/> from Membership's events. Public for Wolverine (docs/adr/0001).</summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class CuratorAddressHandler
{
    public static async Task Handle(MemberEmailConfirmed confirmed, IDocumentSession session, CancellationToken cancellationToken)
    {
        var known = await session.LoadAsync<CuratorAddress>(confirmed.MemberId, cancellationToken);
        if (known is null || known.ChangedAt <= confirmed.ConfirmedAt)
        {
            session.Store(new CuratorAddress { Id = confirmed.MemberId, Email = confirmed.Email, ChangedAt = confirmed.ConfirmedAt });
        }
    }

    /// <summary>Part of Knowledge's erasure (KnowledgePersonalDataHandler).</summary>
    internal static void Forget(MemberDeleted deleted, IDocumentSession session) => session.Delete<CuratorAddress>(deleted.MemberId);
}
