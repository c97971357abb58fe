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
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// A curator turns a forum topic, or its question and accepted answer, into a new wiki page or a section of an existing
/// one: the text copied with every quoted author named and a link back to the topic. The topic comes from Discussions
/// through its public query (<see cref="GetTopicForCapture"/>, answered in process), never from its tables.
/// </summary>
internal static class CapturePage
{
    internal sealed record Command(int TopicNumber, bool AcceptedAnswerOnly, string? Title, string? Parent, string? Into) : IRequest<WikiWriting.Saved>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TopicNumber).GreaterThan(0);
            RuleFor(c => c.Title).MaximumLength(CreatePage.MaxTitleLength);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<KnowledgeOptions> options) : IRequestHandler<Command, WikiWriting.Saved>
    {
        public async Task<WikiWriting.Saved> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.CurateWiki);
            var topic = await bus.InvokeAsync<TopicForCapture>(new GetTopicForCapture(command.GroupId, command.TopicNumber, command.AcceptedAnswerOnly),
                cancellationToken);
            if (topic.Posts is not { Count: > 0 } posts)
            {
                throw ProblemException.Invalid("topicNumber", $"The group's forum has no topic {command.TopicNumber}.");
            }

            if (command.AcceptedAnswerOnly && !posts.Any(p => p.IsAcceptedAnswer))
            {
                throw ProblemException.Invalid("acceptedAnswerOnly", "The topic has no accepted answer yet.");
            }

            var authors = (await session.LoadManyAsync<MemberFacts>(cancellationToken, posts.Select(p => p.AuthorId).Distinct().ToArray()))
                .ToDictionary(m => m.Id, m => m.Name);
            string NameOf(Guid id) => authors.GetValueOrDefault(id, MemberNames.FormerMember);
            var now = clock.GetUtcNow();
            var topicPath = $"/groups/{group.Slug}/topics/{topic.TopicNumber}";
            var text = CapturedText(topic, posts, NameOf, topicPath, now);

            WikiWriting.Saved saved;
            WikiPage captured;
            if (command.Into is { Length: > 0 } into)
            {
                var page = await WikiAccess.FindForUpdateAsync(session, command.GroupId, into, cancellationToken);
                group.RequireToEdit(page);
                captured = page;
                saved = await WikiWriting.WriteAsync(session, bus, markdown, options.Value, group, page, page.Title,
                    $"{page.Source.TrimEnd()}\n\n## {command.Title ?? topic.Title}\n\n{text}", me.Id, now, $"Captured topic {topic.TopicNumber}", merged: false,
                    revertedFrom: null, cancellationToken);
            }
            else
            {
                WikiPage? parent = null;
                if (command.Parent is { Length: > 0 } parentSlug)
                {
                    parent = await WikiAccess.FindOrDefaultAsync(session, command.GroupId, parentSlug, cancellationToken)
                        ?? throw ProblemException.Invalid("parent", "The wiki has no such page.");
                }

                var siblings = await WikiAccess.ChildrenOf(session, command.GroupId, parent?.Id).CountAsync(cancellationToken);
                var page = new WikiPage
                {
                    Id = Guid.CreateVersion7(), GroupId = command.GroupId, ParentId = parent?.Id, AncestorIds = parent is null ? [] : [.. parent.AncestorIds, parent.Id],
                    Position = siblings, CreatedAt = now, CreatedBy = me.Id, CapturedFromTopicId = topic.TopicId,
                };
                captured = page;
                saved = await WikiWriting.WriteAsync(session, bus, markdown, options.Value, group, page, command.Title ?? topic.Title, text, me.Id, now,
                    $"Captured from topic {topic.TopicNumber}", merged: false, revertedFrom: null, cancellationToken);
            }

            // Discussions notes the capture in the topic, from this event (it never reads the wiki's tables, nor we its).
            await bus.PublishAsync(new WikiPageCaptured(command.GroupId, topic.TopicId, topic.TopicNumber, captured.Id, saved.Slug, captured.Title,
                me.Id, saved.Path, now));

            await WikiAccess.SaveChangesAsync(session, cancellationToken);
            return saved;
        }
    }

    /// <summary>The captured Markdown: where it comes from and who wrote it first, then each post under its author's name.</summary>
    public static string CapturedText(TopicForCapture topic, IReadOnlyList<CapturedPost> posts, Func<Guid, string> nameOf, string topicPath,
        DateTimeOffset at)
    {
        var writers = string.Join(", ", posts.Select(p => nameOf(p.AuthorId)).Distinct());
        var builder = new System.Text.StringBuilder();
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"*Captured on {at:d MMMM yyyy} from the discussion [{topic.Title.Replace("]", "\\]", StringComparison.Ordinal)}]({topicPath}). Written by {writers}.*\n");
        foreach (var post in posts)
        {
            var label = post.Number == 1 ? "Question" : post.IsAcceptedAnswer ? "Accepted answer" : $"Reply #{post.Number}";
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n**{label}, by {nameOf(post.AuthorId)}:**\n\n{post.Source.Trim()}\n");
        }

        return builder.ToString();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/knowledge/groups/{groupId:guid}/pages/capture", async (Guid groupId, Command command, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var saved = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created(WikiPaths.Api(groupId, saved.Slug), saved);
                })
                .WithSummary("Capture a forum topic (or its question and accepted answer) into a new page, or as a section of the page named by into; curators only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
