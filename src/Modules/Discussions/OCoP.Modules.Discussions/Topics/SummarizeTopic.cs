using System.Globalization;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// The summary at the top of a long topic (issue 15, item 4; docs/adr/0075): written, replaced or removed by whoever
/// moderates the forum, with the numbers of the visible posts it draws on. One current version, a document of its own
/// keyed by the topic (lists never carry it); each write is in the moderation log, naming the earlier version's author.
/// </summary>
internal static class SummarizeTopic
{
    public const int MaxBodyLength = 10_000;
    public const int MaxPosts = 50;

    internal sealed record Write(string Body, IReadOnlyList<int>? PostNumbers) : IRequest<ReadTopic.SummaryView>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
    }

    internal sealed record Remove(Guid GroupId, int TopicNumber) : IRequest<bool>;

    internal sealed class Validator : AbstractValidator<Write>
    {
        public Validator()
        {
            RuleFor(w => w.Body).NotEmpty().MaximumLength(MaxBodyLength);
            RuleFor(w => w.PostNumbers).Must(n => n is null || n.Count <= MaxPosts).WithMessage($"A summary draws on at most {MaxPosts} posts.")
                .Must(n => n is null || n.All(p => p > 0)).WithMessage("Posts are numbered from 1.");
        }
    }

    internal sealed class WriteHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown) : IRequestHandler<Write, ReadTopic.SummaryView>
    {
        public async Task<ReadTopic.SummaryView> Handle(Write write, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadToWriteAsync(session, bus, write.GroupId, me, cancellationToken))
                .Require(GroupAction.Moderate).RequireWritable();
            // Locked: two facilitators writing at once are logged in the order they replaced each other.
            var topic = await TopicLookup.LoadForUpdateAsync(session, write.GroupId, write.TopicNumber, cancellationToken);
            var numbers = (write.PostNumbers ?? []).Distinct().Order().ToArray();
            if (numbers.Length > 0)
            {
                var visible = await session.Query<Post>()
                    .Where(p => p.TopicId == topic.Id && p.Number.IsOneOf(numbers) && !p.Hidden && !p.Deleted)
                    .Select(p => p.Number).ToListAsync(cancellationToken);
                var missing = numbers.Except(visible).ToArray();
                if (missing.Length > 0)
                {
                    throw ProblemException.Invalid("postNumbers", missing.Length == 1
                        ? $"The topic has no visible post {missing[0]}."
                        : $"The topic has no visible posts {string.Join(", ", missing)}.");
                }
            }

            var now = clock.GetUtcNow();
            var earlier = await session.LoadAsync<TopicSummary>(topic.Id, cancellationToken);
            var summary = new TopicSummary
            {
                Id = topic.Id, GroupId = topic.GroupId, AuthorId = me.Id, WrittenAt = now, Source = write.Body,
                Html = markdown.ToSafeHtml(write.Body), PostNumbers = [.. numbers],
            };
            session.Store(summary);
            if (earlier is null)
            {
                ModerationLog.Write(session, topic.GroupId, now, me.Id, "summary written", topic);
            }
            else
            {
                LogReplaced(session, topic, earlier, now, me.Id, "summary replaced");
            }

            // Committed with the summary: the writer's development record counts it (Engagement).
            await bus.PublishAsync(new TopicSummaryWritten(topic.GroupId, topic.Id, topic.Number, topic.Title, me.Id,
                Topic.PathFor(context.Group.Slug, topic.Number), now));
            await session.SaveChangesAsync(cancellationToken);
            var names = await Names.LoadAsync(session, [me.Id], cancellationToken);
            return ReadTopic.SummaryViewOf(summary, context.Group.Slug, topic.Number, names, context.Can(GroupAction.Moderate));
        }
    }

    internal sealed class RemoveHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Remove, bool>
    {
        public async Task<bool> Handle(Remove remove, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            (await ForumAccess.LoadToWriteAsync(session, bus, remove.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            var topic = await TopicLookup.LoadForUpdateAsync(session, remove.GroupId, remove.TopicNumber, cancellationToken);
            if (await session.LoadAsync<TopicSummary>(topic.Id, cancellationToken) is not { } earlier)
            {
                return false; // DELETE is idempotent: nothing to remove, nothing to log
            }

            session.Delete(earlier);
            LogReplaced(session, topic, earlier, clock.GetUtcNow(), me.Id, "summary removed");
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>The log keeps what the summary no longer says: who wrote the version that went, and when.</summary>
    private static void LogReplaced(IDocumentSession session, Topic topic, TopicSummary earlier, DateTimeOffset now, Guid moderatorId, string action) =>
        ModerationLog.Write(session, topic.GroupId, now, moderatorId, action, topic,
            reason: string.Create(CultureInfo.InvariantCulture, $"The earlier summary was written {earlier.WrittenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."),
            memberId: earlier.AuthorId);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string summary = "/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/summary";
            app.MapPut(summary, (Guid groupId, int topicNumber, Write write, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(write with { GroupId = groupId, TopicNumber = topicNumber }, cancellationToken))
                .WithSummary("Write or replace the summary shown at the top of a topic, with the visible posts it draws on (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete(summary, async (Guid groupId, int topicNumber, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Remove(groupId, topicNumber), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a topic's summary (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>A topic's summary: the current version only (earlier ones are in the moderation log by author and time). Id is the topic's.</summary>
internal sealed class TopicSummary
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid AuthorId { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
    public string Source { get; set; } = "";

    /// <summary>Sanitized HTML rendered from <see cref="Source"/> when written, like a post's.</summary>
    public string Html { get; set; } = "";

    /// <summary>The posts it draws on, in order; each was visible when the summary was written.</summary>
    public List<int> PostNumbers { get; set; } = [];
}
