using System.Security.Cryptography;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npgsql;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Files;

/// <summary>
/// Files attached to wiki pages, blog posts and resources: upload (contributors and above; size limit 413, type by
/// content 415, name sanitised), list, and download (attachment, nosniff). A reader who may not read the group's
/// content gets the same 404 as for a file that does not exist.
/// </summary>
internal static class AttachFile
{
    internal sealed record Upload(Guid GroupId, FileTarget Target, string TargetId, string FileName, byte[] Content) : IRequest<FileView>;

    internal sealed record ListFiles(Guid GroupId, FileTarget? Target, string? TargetId, string? Cursor, int? Limit) : IRequest<CursorPage<FileView>>;

    internal sealed record Download(Guid GroupId, Guid FileId) : IRequest<Downloaded>;

    internal sealed record FileView(Guid Id, FileTarget Target, Guid TargetId, string FileName, string ContentType, long Length, Guid UploadedBy,
        DateTimeOffset UploadedAt, string Url);

    internal sealed record Downloaded(string FileName, string ContentType, byte[] Content, DateTimeOffset UploadedAt);

    internal static string ApiUrl(Guid groupId, Guid fileId) => $"/api/knowledge/groups/{groupId}/files/{fileId}";

    private static FileView View(KnowledgeFile f) =>
        new(f.Id, f.Target, f.TargetId, f.FileName, f.ContentType, f.Length, f.UploadedBy, f.UploadedAt, ApiUrl(f.GroupId, f.Id));

    /// <summary>The id of the page (by slug), post or resource the file goes with, in this group and visible to the caller; 400 otherwise.</summary>
    private static async Task<Guid> TargetAsync(IQuerySession session, GroupViewer group, FileTarget target, string targetId, CancellationToken cancellationToken)
    {
        try
        {
            return target switch
            {
                FileTarget.WikiPage => (await WikiAccess.FindAsync(session, group.GroupId, targetId, cancellationToken)).Id,
                FileTarget.BlogPost when Guid.TryParse(targetId, out var postId) => (await BlogAccess.FindAsync(session, group, postId, cancellationToken)).Id,
                FileTarget.Resource when Guid.TryParse(targetId, out var resourceId) => (await ResourceAccess.FindAsync(session, group, resourceId, cancellationToken)).Id,
                _ => throw ProblemException.Invalid("targetId", "The group has no such page, post or resource."),
            };
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            throw ProblemException.Invalid("targetId", "The group has no such page, post or resource.");
        }
    }

    internal sealed class UploadHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        IOptions<KnowledgeOptions> options) : IRequestHandler<Upload, FileView>
    {
        public async Task<FileView> Handle(Upload upload, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, upload.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Post);
            if (upload.Content.LongLength > options.Value.MaxFileBytes)
            {
                throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"Files are at most {options.Value.MaxFileBytes / 1024 / 1024.0:0.#} MB.");
            }

            var name = FileSniffer.SafeName(upload.FileName);
            var type = FileSniffer.TypeOf(upload.Content, name) ??
                       throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "This type of file is not accepted.",
                           "Attach PDF, PNG, JPEG or GIF images, office documents, zip archives or plain text.");
            var targetId = await TargetAsync(session, group, upload.Target, upload.TargetId, cancellationToken);
            var file = new KnowledgeFile
            {
                Id = Guid.CreateVersion7(), GroupId = group.GroupId, Target = upload.Target, TargetId = targetId, FileName = name, ContentType = type,
                Length = upload.Content.LongLength, Sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)), UploadedBy = me.Id,
                UploadedAt = clock.GetUtcNow(),
            };
            session.Store(file);
            FileContents.Insert(session, file.Id, upload.Content);
            await session.SaveChangesAsync(cancellationToken);
            return View(file);
        }
    }

    internal sealed class ListHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListFiles, CursorPage<FileView>>
    {
        public async Task<CursorPage<FileView>> Handle(ListFiles list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var files = session.Query<KnowledgeFile>().Where(f => f.GroupId == group.GroupId);
            if (list.Target is { } target)
            {
                var targetId = await TargetAsync(session, group, target, list.TargetId ?? "", cancellationToken);
                files = files.Where(f => f.TargetId == targetId);
            }

            // A group's files are a bounded list (attachments, not a file store): read whole, paged by position.
            var all = await files.OrderByDescending(f => f.UploadedAt).Take(5_000).ToListAsync(cancellationToken);
            return CursorPage.Of([.. all.Select(View)], list.Cursor, list.Limit);
        }
    }

    internal sealed class DownloadHandler(IKnowledgeStore store, NpgsqlDataSource dataSource, IMessageBus bus, CurrentMember me) : IRequestHandler<Download, Downloaded>
    {
        public async Task<Downloaded> Handle(Download download, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = await WikiAccess.ForReadAsync(session, bus, download.GroupId, me, cancellationToken);
            var file = await session.LoadAsync<KnowledgeFile>(download.FileId, cancellationToken);
            // One answer for "no such file" and "not yours to read": a non-member learns nothing from the status.
            if (!group.CanRead || file is null || file.GroupId != group.GroupId)
            {
                throw ProblemException.NotFound("The file");
            }

            var content = await FileContents.ReadAsync(dataSource, file.Id, cancellationToken) ?? throw ProblemException.NotFound("The file");
            return new Downloaded(file.FileName, file.ContentType, content, file.UploadedAt);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/knowledge/groups/{groupId:guid}/files", async (Guid groupId, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] FileTarget target,
                    [Microsoft.AspNetCore.Mvc.FromForm] string targetId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    using var buffer = new MemoryStream();
                    await file.CopyToAsync(buffer, cancellationToken);
                    var uploaded = await mediator.Send(new Upload(groupId, target, targetId, file.FileName, buffer.ToArray()), cancellationToken);
                    return TypedResults.Created(uploaded.Url, uploaded);
                })
                .WithSummary("Attach a file (multipart: file, target = WikiPage|BlogPost|Resource, targetId = the page's slug or the post's or resource's id).")
                .DisableAntiforgery()
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/knowledge/groups/{groupId:guid}/files", async (Guid groupId, string? target, string? targetId, string? cursor, int? limit,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    FileTarget? parsed = target is null ? null
                        : Enum.TryParse<FileTarget>(target, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
                        : throw ProblemException.Invalid("target", $"Target is one of: {string.Join(", ", Enum.GetNames<FileTarget>())}.");
                    return TypedResults.Ok(await mediator.Send(new ListFiles(groupId, parsed, targetId, cursor, limit), cancellationToken));
                })
                .WithSummary("The group's files, newest first, or those of one page, post or resource (target and targetId).")
                .WithAllowedValues("target", Enum.GetNames<FileTarget>());

            app.MapGet("/api/knowledge/groups/{groupId:guid}/files/{fileId:guid}", async (Guid groupId, Guid fileId, IMediator mediator, HttpContext http,
                    CancellationToken cancellationToken) =>
                {
                    var file = await mediator.Send(new Download(groupId, fileId), cancellationToken);
                    http.Response.Headers.XContentTypeOptions = "nosniff";
                    http.Response.Headers.CacheControl = "private, max-age=300";
                    return TypedResults.File(file.Content, file.ContentType, file.FileName, lastModified: file.UploadedAt);
                })
                .WithSummary("Download a file, as an attachment; the same 404 for a missing file and one the caller may not read.");
        }
    }
}
