using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OCoP.BuildingBlocks.PersonalData;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.PersonalData;

/// <summary>
/// Engagement's part of a member's personal data: the export (every document of its schema that names the member,
/// <see cref="PersonalDataScan"/>) and the erasure when the member deletes their account, answered to Membership in the
/// same transaction as the erasure. Public for Wolverine (docs/adr/0001); each message its own durable queue.
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class EngagementPersonalDataHandler
{
    public static async Task<PersonalDataExportAnswered> Handle(PersonalDataExportRequested request, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        new(request.ExportId, "engagement",
            await PersonalDataScan.ScanAsync(dataSource, EngagementModule.SchemaName, request.MemberId, [], cancellationToken));

    /// <summary>Every erasure this module makes for a deleted member, then its answer (both commit together).</summary>
    public static async Task<PersonalDataErased> Handle(MemberDeleted deleted, IDocumentSession session, TimeProvider clock, IConfiguration configuration, CancellationToken cancellationToken)
    {
        // The name as this module knew it, before the replica forgets it: notifications and e-mails to others carry it.
        var name = (await session.LoadAsync<MemberFacts>(deleted.MemberId, cancellationToken)) is { Deleted: false } facts ? facts.DisplayName : null;
        await GroupAccessReplica.ApplyAsync(session, deleted);
        await ForgetAsActorAsync(deleted, name, session, cancellationToken);

        // E-mails to the member, by id or by the address they had (one sent before the account was known, an invitation):
        // read the address before the recipient forgets it.
        var address = (await session.LoadAsync<Community.Recipient>(deleted.MemberId, cancellationToken))?.Email;
        var emails = await session.Query<Email.OutgoingEmail>()
            .Where(e => e.MemberId == deleted.MemberId || (address != null && e.ToAddress == address))
            .ToListAsync(cancellationToken);
        foreach (var email in emails.Where(e => !e.Erased))
        {
            email.Erase(deleted.AnonymousName);
            session.Store(email);
        }

        // Badges are about the member's own contributions: they go with the account (a revoker's id stays, shown as a former member).
        session.DeleteWhere<Badges.MemberBadges>(b => b.MemberId == deleted.MemberId);
        await Community.RecipientHandler.ForgetAsync(deleted, session);
        await Search.SearchIndexHandler.ForgetAsync(deleted, session, configuration, cancellationToken);
        await Development.DevelopmentRecordHandler.ForgetAsync(deleted, session, cancellationToken);
        return new PersonalDataErased(deleted.MemberId, "engagement", clock.GetUtcNow());
    }

    /// <summary>
    /// Notifications that name the member as who did something (to other members), and the alerts and digests that told
    /// those members: the name becomes the anonymous one. Notifications are found by the actor's id (by the name for
    /// ones written before ids were kept); e-mails are those of the members notified, where the name appears.
    /// </summary>
    private static async Task ForgetAsActorAsync(MemberDeleted deleted, string? name, IDocumentSession session, CancellationToken cancellationToken)
    {
        var id = deleted.MemberId;
        var notifications = await session.Query<Notifications.Notification>()
            .Where(n => n.ActorIds.Contains(id) || (name != null && n.ActorNames.Contains(name)))
            .ToListAsync(cancellationToken);
        var told = new HashSet<Guid>();
        var alertPrefixes = new List<string>();
        foreach (var notification in notifications.Where(n => n.ForgetActor(id, name, deleted.AnonymousName)))
        {
            session.Store(notification);
            told.Add(notification.MemberId);
            alertPrefixes.Add($"alert/{notification.Id:N}/");
        }

        if (name is null || told.Count == 0)
        {
            return;
        }

        var digestPrefixes = told.Select(m => $"digest/{m:N}/").ToList();
        var recipients = told.Select(m => (Guid?)m).ToArray();
        var emails = await session.Query<Email.OutgoingEmail>()
            .Where(e => recipients.Contains(e.MemberId) && !e.Erased)
            .ToListAsync(cancellationToken);
        foreach (var email in emails.Where(e => alertPrefixes.Concat(digestPrefixes).Any(p => e.Id.StartsWith(p, StringComparison.Ordinal))))
        {
            if (email.ForgetName(name, deleted.AnonymousName))
            {
                session.Store(email);
            }
        }
    }
}
