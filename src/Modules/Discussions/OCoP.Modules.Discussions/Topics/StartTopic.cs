using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
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
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Posts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>Start a discussion, ask a question or make an announcement (facilitators), optionally with a poll.</summary>
internal static class StartTopic
{
    internal sealed record Command(TopicKind Kind, string Title, string Body, Guid? CategoryId, IReadOnlyList<string>? Tags, PollInput? Poll)
        : IRequest<Started>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record PollInput(string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous, DateTimeOffset? ClosesAt);

    internal sealed record Started(Guid TopicId, int Number, string Path);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Title).NotEmpty().MinimumLength(5).MaximumLength(200);
            RuleFor(c => c.Body).NotEmpty().MaximumLength(Posting.MaxBodyLength);
            RuleFor(c => c.Tags).Must(t => t is null || t.Count <= 5).WithMessage("At most 5 tags.");
            RuleForEach(c => c.Tags).NotEmpty().MaximumLength(30);
            RuleFor(c => c.Poll!).SetValidator(new PollValidator()).When(c => c.Poll is not null);
        }
    }

    internal sealed class PollValidator : AbstractValidator<PollInput>
    {
        public PollValidator()
        {
            RuleFor(p => p.Question).NotEmpty().MaximumLength(200);
            RuleFor(p => p.Options).Must(o => o is { Count: >= 2 and <= 20 }).WithMessage("A poll has 2 to 20 options.");
            RuleForEach(p => p.Options).NotEmpty().MaximumLength(200);
            RuleFor(p => p.Options).Must(o => o is null || o.Select(x => x.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == o.Count)
                .WithMessage("Each option must be different.");
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<DiscussionsOptions> options) : IRequestHandler<Command, Started>
    {
        public async Task<Started> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var started = await StartInAsync(session, bus, me, clock, markdown, options.Value, command, cancellationToken);
            await session.SaveChangesAsync(cancellationToken);
            return started;
        }
    }

    /// <summary>
    /// A member's topic started outside an HTTP request (a scheduled prompt, a reflection topic Events asks for): the
    /// validator and every rule of <see cref="Handler"/>, with <paramref name="memberId"/> as the current member and the
    /// module's options as configured. Written into <paramref name="session"/>, which the caller opened with
    /// <c>OutboxedSessionFactory.OpenSession(bus)</c> and commits, so its own marks (a prompt's occurrence, an event's
    /// topic) land in the same transaction as the topic and its events. A refusal is a <see cref="ProblemException"/>
    /// thrown before anything is written to the session.
    /// </summary>
    internal static async Task<Started> StartForMemberAsync(IDocumentSession session, IMessageBus bus, Guid memberId, Command command,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (new Validator().Validate(command) is { IsValid: false } invalid)
        {
            var error = invalid.Errors[0];
            throw ProblemException.Invalid(JsonNamingPolicy.CamelCase.ConvertName(error.PropertyName), error.ErrorMessage);
        }

        var options = configuration.GetSection(DiscussionsOptions.Section).Get<DiscussionsOptions>() ?? new DiscussionsOptions();
        return await StartInAsync(session, bus, new CurrentMember(new ActingMember(memberId)), clock, markdown, options, command, cancellationToken);
    }

    /// <summary>Every rule of starting a topic, into the caller's outboxed session (not committed here).</summary>
    private static async Task<Started> StartInAsync(IDocumentSession session, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, DiscussionsOptions options, Command command, CancellationToken cancellationToken)
    {
        // The group is locked: it hands out the next topic number.
        var context = (await ForumAccess.LoadForUpdateAsync(session, bus, command.GroupId, me, cancellationToken))
            .Require(command.Kind == TopicKind.Announcement ? GroupAction.Moderate : GroupAction.Post).RequireWritable();
        var group = context.Forum;
        if (command.CategoryId is { } categoryId && group.Categories.All(c => c.Id != categoryId))
        {
            throw ProblemException.Invalid("categoryId", "The forum has no such category.");
        }

        var now = clock.GetUtcNow();
        if (command.Poll?.ClosesAt is { } closesAt && closesAt <= now)
        {
            throw ProblemException.Invalid("poll.closesAt", "A poll closes in the future.");
        }

        var mentioned = await Posting.ResolveMentionsAsync(session, group.Id, me.Id, command.Body, cancellationToken);
        var html = Posting.Render(markdown, command.Body, mentioned);
        var links = Posting.CountLinks(html);
        await Posting.RefuseBeyondLimitsAsync(session, context, options, isTopic: true, links, now, cancellationToken);

        group.LastTopicNumber++;
        session.Store(group);
        var topic = new Topic
        {
            Id = Guid.CreateVersion7(), GroupId = group.Id, Number = group.LastTopicNumber, Kind = command.Kind, Title = command.Title.Trim(),
            CategoryId = command.CategoryId, Tags = [.. Posting.CleanTags(command.Tags)], AuthorId = me.Id, CreatedAt = now,
            LastPostNumber = 1, LastPostAt = now, LastPosterId = me.Id,
            Pinned = command.Kind == TopicKind.Announcement, // announcements lead the list until a facilitator unpins them
        };
        var post = new Post
        {
            Id = Guid.CreateVersion7(), TopicId = topic.Id, GroupId = group.Id, Number = 1, AuthorId = me.Id, CreatedAt = now,
            Source = command.Body, Html = html, ThreadPath = Post.Step(1), Mentions = [.. mentioned.MemberIds], Links = links,
        };

        if (command.Poll is { } input)
        {
            var poll = new Poll
            {
                Id = Guid.CreateVersion7(), TopicId = topic.Id, GroupId = group.Id, Question = input.Question.Trim(),
                Options = [.. input.Options.Select(o => o.Trim())], MultipleChoice = input.MultipleChoice, Anonymous = input.Anonymous,
                ClosesAt = input.ClosesAt, Counts = [.. input.Options.Select(_ => 0)],
            };
            topic.PollId = poll.Id;
            session.Store(poll);
            if (poll.ClosesAt is { } at)
            {
                await bus.ScheduleAsync(new PollClosingHandler.PollCloseDue(poll.Id), at);
            }
        }

        session.Store(topic.Indexed());
        session.Store(post);
        var path = Topic.PathFor(context.Group.Slug, topic.Number);
        await bus.PublishAsync(new TopicCreated(group.Id, topic.Id, topic.Number, topic.Kind, topic.Title, me.Id, topic.CategoryId, topic.Tags,
            path, now));
        await bus.PublishAsync(new PostCreated(group.Id, topic.Id, topic.Number, topic.Title, post.Id, 1, me.Id, post.Mentions, null, null, null,
            Topic.PathFor(context.Group.Slug, topic.Number, 1), now));
        await bus.PublishAsync(Search.DiscussionsSearchFeed.Changed(topic, post, context.Group.Slug, now));
        return new Started(topic.Id, topic.Number, path);
    }

    /// <summary>A member as the "current member" of the posting rules, outside any HTTP request: a principal with only their id.</summary>
    private sealed class ActingMember(Guid memberId) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, memberId.ToString())], "acting-member")),
        };
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/discussions/groups/{groupId:guid}/topics", async (Guid groupId, Command command, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var started = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created($"/api/discussions/groups/{groupId}/topics/{started.Number}", started);
                })
                .WithSummary("Start a topic: a discussion, a question or (facilitators) an announcement, with an optional poll.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
