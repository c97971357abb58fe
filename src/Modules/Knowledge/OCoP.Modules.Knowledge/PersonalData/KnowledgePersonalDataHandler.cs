using Marten;
using Npgsql;
using OCoP.BuildingBlocks.PersonalData;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.PersonalData;

/// <summary>
/// Knowledge's part of a member's personal data: the export (every document of its schema that names the member,
/// <see cref="PersonalDataScan"/>) and the erasure when the member deletes their account, answered to Membership in the
/// same transaction as the erasure. Public for Wolverine (docs/adr/0001); each message its own durable queue.
/// </summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class KnowledgePersonalDataHandler
{
    public static async Task<PersonalDataExportAnswered> Handle(PersonalDataExportRequested request, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        new(request.ExportId, "knowledge",
            await PersonalDataScan.ScanAsync(dataSource, KnowledgeModule.SchemaName, request.MemberId, [], cancellationToken));

    /// <summary>Every erasure this module makes for a deleted member, then its answer (both commit together).</summary>
    public static async Task<PersonalDataErased> Handle(MemberDeleted deleted, IDocumentSession session, TimeProvider clock)
    {
        await GroupAccessReplica.ApplyAsync(session, deleted);
        Curation.CuratorAddressHandler.Forget(deleted, session);
        return new PersonalDataErased(deleted.MemberId, "knowledge", clock.GetUtcNow());
    }
}
