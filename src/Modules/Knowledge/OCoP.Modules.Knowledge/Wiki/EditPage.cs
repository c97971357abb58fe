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
using OCoP.BuildingBlocks.Web;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// Save a page: the save names the revision it started from. When someone saved in between, edits of different lines are
/// merged (three-way, said in the answer and the revision); edits of the same lines are refused with 409 and the problem
/// carries the current text, the text sent and their diff, so nothing typed is lost (docs/adr/0017).
/// </summary>
internal static class EditPage
{
    internal sealed record Command(string Title, string Body, int BaseRevision, string? Summary) : IRequest<Result>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public string Slug { get; init; } = "";
    }

    internal sealed record Result(WikiWriting.Saved? Saved, Conflict? Conflict);

    /// <summary>What a 409 carries: the revision saved in between, both versions, and the diff from theirs to yours.</summary>
    internal sealed record Conflict(int BaseRevision, int CurrentRevision, string CurrentTitle, string CurrentBody, string YourTitle, string YourBody,
        IReadOnlyList<WikiMerge.DiffLine> Diff);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Title).NotEmpty().MaximumLength(CreatePage.MaxTitleLength);
            RuleFor(c => c.Body).NotNull();
            RuleFor(c => c.BaseRevision).GreaterThan(0);
            RuleFor(c => c.Summary).MaximumLength(CreatePage.MaxSummaryLength);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown,
        IOptions<KnowledgeOptions> options) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            group.RequireRead();
            // Locked: saves of one page queue here, so each compares with the revision the one before it wrote.
            var page = await WikiAccess.FindForUpdateAsync(session, command.GroupId, command.Slug, cancellationToken);
            group.RequireToEdit(page);
            if (command.BaseRevision > page.Revision)
            {
                throw ProblemException.Invalid("baseRevision", $"The page has no revision {command.BaseRevision}; its latest is {page.Revision}.");
            }

            var title = command.Title.Trim();
            var body = WikiText.Normalize(command.Body);
            var merged = false;
            if (command.BaseRevision < page.Revision)
            {
                var baseRevision = await session.Query<WikiRevision>()
                    .FirstOrDefaultAsync(r => r.PageId == page.Id && r.Number == command.BaseRevision, cancellationToken)
                    ?? throw ProblemException.Invalid("baseRevision", $"The page has no revision {command.BaseRevision}.");
                var mergedBody = WikiMerge.TryMerge(baseRevision.Source, page.Source, body);
                var mergedTitle = title == baseRevision.Title ? page.Title : page.Title == baseRevision.Title || page.Title == title ? title : null;
                if (mergedBody is null || mergedTitle is null)
                {
                    return new Result(null, new Conflict(command.BaseRevision, page.Revision, page.Title, page.Source, title, body,
                        WikiMerge.Diff(page.Source, body)));
                }

                (title, body, merged) = (mergedTitle, mergedBody, true);
            }

            var summary = command.Summary?.Trim() ?? "";
            var saved = await WikiWriting.WriteAsync(session, bus, markdown, options.Value, group, page, title, body, me.Id, clock.GetUtcNow(),
                merged ? $"{summary} (merged with revision {page.Revision})".TrimStart() : summary, merged, revertedFrom: null, cancellationToken);
            await WikiAccess.SaveChangesAsync(session, cancellationToken);
            return new Result(saved, null);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/knowledge/groups/{groupId:guid}/pages/{slug}", async (Guid groupId, string slug, Command command, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var result = await mediator.Send(command with { GroupId = groupId, Slug = slug }, cancellationToken);
                    return result.Conflict is { } conflict ? ConflictProblem(conflict) : Results.Ok(result.Saved);
                })
                .WithSummary("Save a page from baseRevision: edits of other lines since then are merged (merged: true); edits of the same lines are a 409 with both versions and their diff.")
                .Produces<WikiWriting.Saved>()
                .ProducesProblem(StatusCodes.Status409Conflict)
                .RequireAuthorization(MemberPolicy.Name);
    }

    public static IResult ConflictProblem(Conflict conflict) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Edit conflict",
            detail: $"Someone saved revision {conflict.CurrentRevision} of this page since revision {conflict.BaseRevision}, changing the same lines. " +
                    "Your text is in yourBody; merge it into currentBody and save from currentRevision.",
            extensions: new Dictionary<string, object?>
            {
                ["baseRevision"] = conflict.BaseRevision,
                ["currentRevision"] = conflict.CurrentRevision,
                ["currentTitle"] = conflict.CurrentTitle,
                ["currentBody"] = conflict.CurrentBody,
                ["yourTitle"] = conflict.YourTitle,
                ["yourBody"] = conflict.YourBody,
                ["diff"] = conflict.Diff,
            });
}
