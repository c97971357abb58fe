using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.PersonalData;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Profiles;

/// <summary>A member's request for everything held about them; complete when every module's part is in.</summary>
internal sealed class PersonalDataExport
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
}

/// <summary>One module's answer to an export, a document of its own so answers arriving together never contend.</summary>
internal sealed class PersonalDataExportPart
{
    public string Id { get; set; } = "";
    public Guid ExportId { get; set; }
    public string Module { get; set; } = "";
    public string Json { get; set; } = "{}";

    public static string IdOf(Guid exportId, string module) => $"{exportId:N}/{module}";
}

/// <summary>
/// The complete personal-data export (issue 18, item 8): Membership asks every module through
/// <see cref="PersonalDataExportRequested"/>, each answers its part, and the member downloads a zip of one JSON file per
/// module once all have answered. Only the member who asked sees it (anyone else: 404).
/// </summary>
internal static class PersonalDataExports
{
    /// <summary>The modules that answer an export (each handles <see cref="PersonalDataExportRequested"/>): complete when all have.</summary>
    internal static readonly IReadOnlyList<string> Modules = ["membership", "discussions", "engagement", "events", "knowledge"];

    internal sealed record Status(Guid Id, DateTimeOffset RequestedAt, bool Complete, IReadOnlyList<string> Answered, IReadOnlyList<string> Waiting, string? Download);

    /// <summary>Asks every module for its part (the request, its audit entry and the message commit together).</summary>
    internal static async Task<Status> RequestAsync(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, SecurityLog log, TimeProvider clock,
        Guid memberId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var export = new PersonalDataExport { Id = Guid.CreateVersion7(now), MemberId = memberId, RequestedAt = now };
        await using var session = sessions.OpenSession(bus);
        session.Store(export);
        session.Store(log.Entry(SecurityEventKind.DataExported, memberId, null, $"export {export.Id}"));
        await bus.PublishAsync(new PersonalDataExportRequested(export.Id, memberId, now));
        await session.SaveChangesAsync(cancellationToken);
        return StatusOf(export, []);
    }

    /// <summary>The member's most recent export and its progress, or null if they never asked.</summary>
    internal static async Task<Status?> LatestAsync(IMembershipStore store, Guid memberId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var export = await session.Query<PersonalDataExport>().Where(e => e.MemberId == memberId).OrderByDescending(e => e.RequestedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return export is null
            ? null
            : StatusOf(export, await session.Query<PersonalDataExportPart>().Where(p => p.ExportId == export.Id).ToListAsync(cancellationToken));
    }

    private static Status StatusOf(PersonalDataExport export, IReadOnlyList<PersonalDataExportPart> parts)
    {
        var answered = parts.Select(p => p.Module).Order(StringComparer.Ordinal).ToList();
        var waiting = Modules.Except(answered).ToList();
        return new Status(export.Id, export.RequestedAt, waiting.Count == 0, answered, waiting,
            waiting.Count == 0 ? $"/api/membership/members/me/exports/{export.Id}/zip" : null);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/members/me/exports", async (CurrentMember me, OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus,
                    SecurityLog log, TimeProvider clock, CancellationToken cancellationToken) =>
                {
                    var status = await RequestAsync(sessions, bus, log, clock, me.Id, cancellationToken);
                    return TypedResults.Accepted($"/api/membership/members/me/exports/{status.Id}", status);
                })
                .WithSummary("Ask for everything every module holds about the signed-in member; answers where to follow its progress.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/members/me/exports/{exportId:guid}", async (Guid exportId, CurrentMember me, IMembershipStore store,
                    CancellationToken cancellationToken) =>
                {
                    var (export, parts) = await LoadAsync(store, me.Id, exportId, cancellationToken);
                    return TypedResults.Ok(StatusOf(export, parts));
                })
                .WithSummary("Progress of a personal-data export: which modules have answered.")
                .WithName("getMembershipMembersMeExportProgress") // the derived id collides with GET .../me/export's
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/members/me/exports/{exportId:guid}/zip", async (Guid exportId, CurrentMember me, IMembershipStore store,
                    CancellationToken cancellationToken) =>
                {
                    var (export, parts) = await LoadAsync(store, me.Id, exportId, cancellationToken);
                    var waiting = Modules.Except(parts.Select(p => p.Module)).ToList();
                    if (waiting.Count > 0)
                    {
                        throw ProblemException.Conflict($"The export is not complete yet: waiting for {string.Join(", ", waiting)}.");
                    }

                    return TypedResults.File(Zip(export, parts), "application/zip", $"ocop-personal-data-{export.RequestedAt:yyyyMMdd}.zip");
                })
                .WithSummary("The complete personal-data export: a zip of one JSON file per module.")
                .Produces(StatusCodes.Status200OK, contentType: "application/zip")
                .RequireAuthorization(MemberPolicy.Name);
        }

        private static async Task<(PersonalDataExport Export, IReadOnlyList<PersonalDataExportPart> Parts)> LoadAsync(IMembershipStore store, Guid memberId,
            Guid exportId, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var export = await session.LoadAsync<PersonalDataExport>(exportId, cancellationToken);
            if (export is null || export.MemberId != memberId)
            {
                throw ProblemException.NotFound("The export"); // someone else's export does not exist for this member
            }

            var parts = await session.Query<PersonalDataExportPart>().Where(p => p.ExportId == exportId).ToListAsync(cancellationToken);
            return (export, parts);
        }

        private static byte[] Zip(PersonalDataExport export, IReadOnlyList<PersonalDataExportPart> parts)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                Write(zip, "export.json", JsonSerializer.Serialize(new { export.Id, export.MemberId, export.RequestedAt, modules = parts.Select(p => p.Module).Order() }));
                foreach (var part in parts.OrderBy(p => p.Module, StringComparer.Ordinal))
                {
                    Write(zip, $"{part.Module}.json", part.Json);
                }
            }

            return buffer.ToArray();
        }

        private static void Write(ZipArchive zip, string name, string json)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
            writer.Write(json);
        }
    }
}

/// <summary>
/// Membership's part of an export (profile without secrets, tokens' names and dates, group memberships, invitations,
/// security events: every Membership document that names the member), and the collection of every module's answer.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class MembershipPersonalDataHandler
{
    // Held elsewhere in the part (the profile) or not the member's data (exports themselves, job bookkeeping, images).
    private static readonly string[] Skipped = ["member", "memberavatar", "personaldataexport", "personaldataexportpart", "recurringjob"];

    public static async Task<PersonalDataExportAnswered> Handle(PersonalDataExportRequested request, NpgsqlDataSource dataSource, IDocumentSession session,
        CancellationToken cancellationToken)
    {
        var scanned = System.Text.Json.Nodes.JsonNode.Parse(
            await PersonalDataScan.ScanAsync(dataSource, MembershipModule.SchemaName, request.MemberId, Skipped, cancellationToken))!.AsObject();
        var member = await session.LoadAsync<Members.Member>(request.MemberId, cancellationToken);
        if (member is not null)
        {
            scanned["profile"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(new
            {
                member.Id, member.Email, member.EmailConfirmed, member.DisplayName, member.Bio, member.Expertise, member.Interests, member.TimeZone,
                member.PractisingSince, member.RegisteredAt, member.DeletedAt, member.TwoFactorEnabled, member.IsSiteAdministrator, HasAvatar = member.AvatarUpdatedAt is not null,
                Passkeys = member.Passkeys.Select(p => new { p.Name, p.CreatedAt, p.LastUsedAt }),
                ExternalSignIns = member.ExternalLogins.Select(l => new { Provider = l.ProviderDisplayName ?? l.Provider, l.LinkedAt, l.LastUsedAt }),
            }, JsonSerializerOptions.Web));
        }

        return new PersonalDataExportAnswered(request.ExportId, "membership", scanned.ToJsonString());
    }

    public static void Handle(PersonalDataExportAnswered answered, IDocumentSession session) =>
        session.Store(new PersonalDataExportPart
        {
            Id = PersonalDataExportPart.IdOf(answered.ExportId, answered.Module),
            ExportId = answered.ExportId,
            Module = answered.Module,
            Json = answered.Json,
        });
}
