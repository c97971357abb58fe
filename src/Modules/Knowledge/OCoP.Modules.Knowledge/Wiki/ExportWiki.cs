using System.IO.Compression;
using System.Text;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// A group's wiki as a zip: one Markdown file per page (<c>pages/{slug}.md</c>) whose [[links]] became relative
/// Markdown links, the pages' attachments under <c>files/</c>, and <c>index.md</c>: the tree in reading order.
/// </summary>
internal static class ExportWiki
{
    internal sealed record Query(Guid GroupId) : IRequest<Export>;

    internal sealed record Export(string FileName, byte[] Zip);

    internal sealed class Handler(IKnowledgeStore store, NpgsqlDataSource dataSource, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, Export>
    {
        public async Task<Export> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var pages = await session.Query<WikiPage>().Where(p => p.GroupId == group.GroupId).ToListAsync(cancellationToken);
            var pageIds = pages.Select(p => p.Id).ToArray();
            var files = await session.Query<KnowledgeFile>()
                .Where(f => f.GroupId == group.GroupId && f.Target == FileTarget.WikiPage && f.TargetId.IsOneOf(pageIds)).ToListAsync(cancellationToken);
            var filesOf = files.ToLookup(f => f.TargetId);

            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var page in pages)
                {
                    var text = new StringBuilder($"# {page.Title}\n\n");
                    // A link to a page not written yet points where that page's file would be, like a red link.
                    text.Append(WikiText.WithMarkdownLinks(page.Source, slug => $"{slug}.md"));
                    var attachments = filesOf[page.Id].ToList();
                    if (attachments.Count > 0)
                    {
                        text.Append("\n\n## Attachments\n\n");
                        foreach (var file in attachments)
                        {
                            text.Append($"- [{file.FileName}](../{FilePath(file)})\n");
                        }
                    }

                    await WriteAsync(zip, $"pages/{page.Slug}.md", Encoding.UTF8.GetBytes(text.ToString()), page.UpdatedAt, cancellationToken);
                }

                foreach (var file in files)
                {
                    var content = await FileContents.ReadAsync(dataSource, file.Id, cancellationToken);
                    if (content is not null)
                    {
                        await WriteAsync(zip, FilePath(file), content, file.UploadedAt, cancellationToken);
                    }
                }

                await WriteAsync(zip, "index.md", Encoding.UTF8.GetBytes(Index(group, pages)), DateTimeOffset.UtcNow, cancellationToken);
            }

            return new Export($"{group.Slug}-wiki.zip", buffer.ToArray());
        }

        private static string FilePath(KnowledgeFile file) => $"files/{file.Id:N}-{file.FileName}";

        private static async Task WriteAsync(ZipArchive zip, string name, byte[] content, DateTimeOffset modified, CancellationToken cancellationToken)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = modified;
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(content, cancellationToken);
        }

        /// <summary>The tree in reading order: children under their parent by position, each a link to its file.</summary>
        private static string Index(GroupViewer group, IReadOnlyList<WikiPage> pages)
        {
            var children = pages.ToLookup(p => p.ParentId);
            var text = new StringBuilder($"# Wiki of {group.Name}\n\n");
            void Add(Guid? parent, int depth)
            {
                foreach (var page in children[parent].OrderBy(p => p.Position).ThenBy(p => p.Title, StringComparer.Ordinal))
                {
                    text.Append(new string(' ', depth * 2)).Append($"- [{page.Title}](pages/{page.Slug}.md)\n");
                    Add(page.Id, depth + 1);
                }
            }

            Add(null, 0);
            return text.ToString();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/knowledge/groups/{groupId:guid}/wiki-export", async (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var export = await mediator.Send(new Query(groupId), cancellationToken);
                    return TypedResults.File(export.Zip, "application/zip", export.FileName);
                })
                .WithSummary("The group's wiki as a zip of Markdown files (pages/{slug}.md, links kept), their attachments (files/) and index.md.");
    }
}
