using OCoP.Modules.Membership.Access;
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
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>Reply to a topic, optionally to one post of it (threaded view) and quoting another.</summary>
internal static class Reply
{
    internal sealed record Command(string Body, int? ReplyTo, QuoteInput? Quote) : IRequest<Written>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
    }

    /// <summary>Quote a post of the same topic: <see cref="Text"/> is the passage chosen, or the post's start when empty.</summary>
    internal sealed record QuoteInput(int PostNumber, string? Text);

    internal sealed record Written(Guid PostId, int Number, string Path);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).NotEmpty().MaximumLength(Posting.MaxBodyLength);
            RuleFor(c => c.ReplyTo).GreaterThan(0);
            RuleFor(c => c.Quote!.PostNumber).GreaterThan(0).When(c => c.Quote is not null).OverridePropertyName("quote.postNumber");
            RuleFor(c => c.Quote!.Text).MaximumLength(2000).When(c => c.Quote is not null).OverridePropertyName("quote.text");
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<DiscussionsOptions> options) : IRequestHandler<Command, Written>
    {
        public async Task<Written> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadToWriteAsync(session, bus, command.GroupId, me, cancellationToken)).Require(GroupAction.Post).RequireWritable();
            // Locked: the topic hands out the next post number and keeps the counters.
            var topic = await TopicLookup.LoadForUpdateAsync(session, command.GroupId, command.TopicNumber, cancellationToken);
            if (topic.CannotReplyBecause(Replier.Of(context), context.Group.IsReadOnly) is { } because)
            {
                throw ProblemException.Conflict(because);
            }

            var wanted = new[] { command.ReplyTo ?? 1, command.Quote?.PostNumber ?? 1 }.Distinct().ToArray();
            var related = (await session.Query<Post>().Where(p => p.TopicId == topic.Id && p.Number.IsOneOf(wanted)).ToListAsync(cancellationToken))
                .ToDictionary(p => p.Number);
            var parent = related.GetValueOrDefault(command.ReplyTo ?? 1)
                ?? throw ProblemException.Invalid("replyTo", $"The topic has no post {command.ReplyTo}.");
            if (parent.Deleted)
            {
                throw ProblemException.Invalid("replyTo", $"Post {parent.Number} was deleted.");
            }

            Quote? quote = null;
            if (command.Quote is { } quoteInput)
            {
                var quoted = related.GetValueOrDefault(quoteInput.PostNumber)
                    ?? throw ProblemException.Invalid("quote.postNumber", $"The topic has no post {quoteInput.PostNumber}.");
                quote = Posting.QuoteOf(markdown, quoted, quoteInput.Text);
            }

            var now = clock.GetUtcNow();
            var mentioned = await Posting.ResolveMentionsAsync(session, context.Group.GroupId, me.Id, command.Body, cancellationToken);
            var html = Posting.Render(markdown, command.Body, mentioned);
            var links = Posting.CountLinks(html);
            await Posting.RefuseBeyondLimitsAsync(session, context, options.Value, isTopic: false, links, now, cancellationToken);

            var number = ++topic.LastPostNumber;
            var post = new Post
            {
                Id = Guid.CreateVersion7(), TopicId = topic.Id, GroupId = topic.GroupId, Number = number, AuthorId = me.Id, CreatedAt = now,
                Source = command.Body, Html = html, ReplyToNumber = command.ReplyTo is > 1 ? parent.Number : null,
                ReplyToAuthorId = command.ReplyTo is > 1 ? parent.AuthorId : null, Quote = quote,
                ThreadPath = parent.ThreadPath + Post.Step(number), Mentions = [.. mentioned.MemberIds], Links = links,
            };
            topic.ReplyCount++;
            topic.LastPostAt = now;
            topic.LastPosterId = me.Id;
            session.Store(topic.Indexed());
            session.Store(post);

            var path = Topic.PathFor(context.Group.Slug, topic.Number, number);
            // Replying to the opening post is replying to its author, as far as notifications go.
            await bus.PublishAsync(new PostCreated(topic.GroupId, topic.Id, topic.Number, topic.Title, post.Id, number, me.Id, post.Mentions,
                post.ReplyToNumber ?? 1, parent.AuthorId, quote?.AuthorId, path, now));
            await bus.PublishAsync(Search.DiscussionsSearchFeed.Changed(topic, post, context.Group.Slug, now));
            await session.SaveChangesAsync(cancellationToken);
            return new Written(post.Id, number, path);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts", async (Guid groupId, int topicNumber, Command command,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var written = await mediator.Send(command with { GroupId = groupId, TopicNumber = topicNumber }, cancellationToken);
                    return TypedResults.Created($"/api/discussions/groups/{groupId}/topics/{topicNumber}/posts/{written.Number}", written);
                })
                .WithSummary("Reply to a topic; replyTo names the post answered, quote cites a post of the topic.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
