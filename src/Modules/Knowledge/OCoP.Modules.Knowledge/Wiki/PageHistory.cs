using System.Globalization;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>A page's revisions (newest first, keyset-paged), one revision's text, the diff of any two, and reverting to one.</summary>
internal static class PageHistory
{
    internal sealed record ListRevisions(Guid GroupId, string Slug, string? Cursor, int? Limit) : IRequest<CursorPage<RevisionSummary>>;

    internal sealed record GetRevision(Guid GroupId, string Slug, int Number) : IRequest<RevisionView>;

    internal sealed record GetDiff(Guid GroupId, string Slug, int? From, int? To) : IRequest<DiffView>;

    internal sealed record Revert(string? Summary) : IRequest<WikiWriting.Saved>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public string Slug { get; init; } = "";
        [System.Text.Json.Serialization.JsonIgnore]
        public int Number { get; init; }
    }

    internal sealed record RevisionSummary(int Number, string Title, Guid AuthorId, string AuthorName, DateTimeOffset At, string Summary, bool Merged,
        int? RevertedFrom);

    internal sealed record RevisionView(int Number, string Title, string Source, Guid AuthorId, string AuthorName, DateTimeOffset At, string Summary,
        bool Merged, int? RevertedFrom, bool Current);

    internal sealed record DiffView(int From, int To, IReadOnlyList<WikiMerge.DiffLine> Lines);

    internal sealed class RevertValidator : AbstractValidator<Revert>
    {
        public RevertValidator() => RuleFor(r => r.Summary).MaximumLength(CreatePage.MaxSummaryLength);
    }

    /// <summary>Revision fields without the text, for the history list.</summary>
    internal sealed record RevisionRow(Guid Id, int Number, string Title, Guid AuthorId, DateTimeOffset At, string Summary, bool Merged, int? RevertedFrom);

    internal sealed class ListHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListRevisions, CursorPage<RevisionSummary>>
    {
        public async Task<CursorPage<RevisionSummary>> Handle(ListRevisions list, CancellationToken cancellationToken)
        {
            var before = int.MaxValue;
            if (list.Cursor is not null)
            {
                if (!Cursor.TryDecode(list.Cursor, out var key, out _) || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out before))
                {
                    throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
                }
            }

            var limit = Cursor.Limit(list.Limit);
            await using var session = store.QuerySession();
            (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindAsync(session, list.GroupId, list.Slug, cancellationToken);
            var rows = await session.Query<WikiRevision>().Where(r => r.PageId == page.Id && r.Number < before).OrderByDescending(r => r.Number)
                .Take(limit + 1).Select(r => new RevisionRow(r.Id, r.Number, r.Title, r.AuthorId, r.At, r.Summary, r.Merged, r.RevertedFrom))
                .ToListAsync(cancellationToken);
            var authors = await session.LoadManyAsync<MemberFacts>(cancellationToken, rows.Select(r => r.AuthorId).Distinct().ToArray());
            var names = authors.ToDictionary(a => a.Id, a => a.Name);
            var items = rows.Select(r => new RevisionSummary(r.Number, r.Title, r.AuthorId, names.GetValueOrDefault(r.AuthorId, MemberNames.FormerMember),
                r.At, r.Summary, r.Merged, r.RevertedFrom)).ToList();
            return Cursor.Page(items, limit, r => (r.Number.ToString(CultureInfo.InvariantCulture), Guid.Empty));
        }
    }

    internal sealed class GetHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetRevision, RevisionView>
    {
        public async Task<RevisionView> Handle(GetRevision get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await WikiAccess.ForReadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindAsync(session, get.GroupId, get.Slug, cancellationToken);
            var revision = await LoadAsync(session, page, get.Number, "revisionNumber", cancellationToken);
            var author = await session.LoadAsync<MemberFacts>(revision.AuthorId, cancellationToken);
            return new RevisionView(revision.Number, revision.Title, revision.Source, revision.AuthorId, MemberFacts.NameOf(author), revision.At,
                revision.Summary, revision.Merged, revision.RevertedFrom, revision.Number == page.Revision);
        }
    }

    internal sealed class DiffHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetDiff, DiffView>
    {
        public async Task<DiffView> Handle(GetDiff get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await WikiAccess.ForReadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindAsync(session, get.GroupId, get.Slug, cancellationToken);
            var to = get.To ?? page.Revision;
            var from = get.From ?? Math.Max(1, to - 1);
            var numbers = new[] { from, to };
            var revisions = (await session.Query<WikiRevision>().Where(r => r.PageId == page.Id && r.Number.IsOneOf(numbers)).ToListAsync(cancellationToken))
                .ToDictionary(r => r.Number);
            var old = revisions.GetValueOrDefault(from) ?? throw ProblemException.Invalid("from", $"The page has no revision {from}.");
            var @new = revisions.GetValueOrDefault(to) ?? throw ProblemException.Invalid("to", $"The page has no revision {to}.");
            return new DiffView(from, to, WikiMerge.Diff(old.Source, @new.Source));
        }
    }

    internal sealed class RevertHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown,
        IOptions<KnowledgeOptions> options) : IRequestHandler<Revert, WikiWriting.Saved>
    {
        public async Task<WikiWriting.Saved> Handle(Revert revert, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, revert.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindForUpdateAsync(session, revert.GroupId, revert.Slug, cancellationToken);
            group.RequireToEdit(page);
            var revision = await LoadAsync(session, page, revert.Number, "revisionNumber", cancellationToken);
            // The text goes back; the title stays, so a revert never renames a page under the links that name it now.
            var saved = await WikiWriting.WriteAsync(session, bus, markdown, options.Value, group, page, page.Title, revision.Source, me.Id, clock.GetUtcNow(),
                revert.Summary is { Length: > 0 } summary ? summary : $"Reverted to revision {revision.Number}", merged: false, revision.Number,
                cancellationToken);
            await WikiAccess.SaveChangesAsync(session, cancellationToken);
            return saved;
        }
    }

    private static async Task<WikiRevision> LoadAsync(IQuerySession session, WikiPage page, int number, string field, CancellationToken cancellationToken) =>
        await session.Query<WikiRevision>().FirstOrDefaultAsync(r => r.PageId == page.Id && r.Number == number, cancellationToken)
        ?? throw ProblemException.NotFound($"Revision {number} of the page");

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/knowledge/groups/{groupId:guid}/pages/{slug}/revisions", (Guid groupId, string slug, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new ListRevisions(groupId, slug, cursor, limit), cancellationToken))
                .WithSummary("A page's revisions, newest first: author, time, summary, whether merged or a revert.");

            app.MapGet("/api/knowledge/groups/{groupId:guid}/pages/{slug}/revisions/{revisionNumber:int}", (Guid groupId, string slug, int revisionNumber,
                    IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetRevision(groupId, slug, revisionNumber), cancellationToken))
                .WithSummary("One revision of a page with its text.");

            app.MapGet("/api/knowledge/groups/{groupId:guid}/pages/{slug}/diff", (Guid groupId, string slug, int? from, int? to, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new GetDiff(groupId, slug, from, to), cancellationToken))
                .WithSummary("The line diff between two revisions (from, to); by default the current one and the one before.");

            app.MapPost("/api/knowledge/groups/{groupId:guid}/pages/{slug}/revisions/{revisionNumber:int}/revert", (Guid groupId, string slug,
                    int revisionNumber, Revert revert, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(revert with { GroupId = groupId, Slug = slug, Number = revisionNumber }, cancellationToken))
                .WithSummary("Restore a revision's text as a new revision.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
