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
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten.Publishing;
using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Paging;
using System.Globalization;
using System.Text.Json.Serialization;

namespace OCoP.Modules.Engagement.Messages;

/// <summary>
/// Private messages: start a conversation, reply, list and read one's conversations, leave, report a message. Refused with
/// nothing changed: an unknown or deleted recipient, only oneself, too many participants, an empty body, a member who
/// blocked you, a conversation you are not in (404).
/// </summary>
internal static class Messaging
{
    public const int MaxBodyLength = 32_000;
    public const int MaxSubjectLength = 200;
    public const int PageSize = 50;

    internal sealed record Start(IReadOnlyList<Guid>? To, string? Subject, string? Body) : IRequest<ConversationView>;

    internal sealed record Reply(Guid ConversationId, string? Body) : IRequest<MessageView>;

    internal sealed record List : IRequest<IReadOnlyList<ConversationSummary>>;

    internal sealed record Read(Guid ConversationId, int? After) : IRequest<ConversationView>;

    internal sealed record Leave(Guid ConversationId) : IRequest<bool>;

    internal sealed record Report(Guid ConversationId, int Number, string? Reason) : IRequest<bool>;

    internal sealed record ReplyBody(string? Body);

    internal sealed record ReportBody(string? Reason);

    internal sealed record ParticipantView(Guid MemberId, string DisplayName, bool Active, int LastRead);

    internal sealed record MessageView(Guid Id, int Number, Guid AuthorId, string AuthorName, string Html, string Source, DateTimeOffset CreatedAt,
        string Path);

    internal sealed record ConversationView(Guid Id, string Subject, IReadOnlyList<ParticipantView> Participants, bool Active, int LastNumber,
        IReadOnlyList<MessageView> Messages, [property: JsonIgnore] int? NextAfter)
    {
        /// <summary>The page after this one, as the cursor every list answers (docs/api.md); the number of the last message shown.</summary>
        public string? NextCursor => NextAfter?.ToString(CultureInfo.InvariantCulture);
    }

    internal sealed record ConversationSummary(Guid Id, string Subject, IReadOnlyList<string> Participants, int Unread, bool Active,
        DateTimeOffset LastActivityAt, string Path);

    internal sealed class StartValidator : AbstractValidator<Start>
    {
        public StartValidator()
        {
            RuleFor(s => s.To).NotEmpty().WithMessage("Name at least one member to write to.");
            RuleFor(s => s.Subject).NotEmpty().WithMessage("Give the conversation a subject.").MaximumLength(MaxSubjectLength);
            RuleFor(s => s.Body).NotEmpty().WithMessage("Write a message.").MaximumLength(MaxBodyLength);
        }
    }

    internal sealed class ReplyValidator : AbstractValidator<Reply>
    {
        public ReplyValidator() => RuleFor(s => s.Body).NotEmpty().WithMessage("Write a message.").MaximumLength(MaxBodyLength);
    }

    internal sealed class ReportValidator : AbstractValidator<Report>
    {
        public ReportValidator() => RuleFor(s => s.Reason).NotEmpty().WithMessage("Say why you report this message.").MaximumLength(2000);
    }

    internal sealed class StartHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<EngagementOptions> options) : IRequestHandler<Start, ConversationView>
    {
        public async Task<ConversationView> Handle(Start start, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            var others = start.To!.Where(id => id != myId).Distinct().ToList();
            if (others.Count == 0)
            {
                throw ProblemException.Invalid("to", "Write to at least one other member.");
            }

            var max = options.Value.MaxConversationParticipants;
            if (others.Count + 1 > max)
            {
                throw ProblemException.Invalid("to", $"A conversation has at most {max} members, you included.");
            }

            await using var session = sessions.OpenSession(bus);
            var people = (await session.LoadManyAsync<MemberFacts>(cancellationToken, others)).Where(p => !p.Deleted).ToDictionary(p => p.Id);
            var unknown = others.FirstOrDefault(id => !people.ContainsKey(id));
            if (unknown != Guid.Empty)
            {
                throw ProblemException.Invalid("to", $"There is no member {unknown}.");
            }

            await RefuseBlockedAsync(session, myId, others, cancellationToken);
            var now = clock.GetUtcNow();
            var conversation = new Conversation
            {
                Id = Guid.CreateVersion7(now), Subject = start.Subject!.Trim(), StarterId = myId, CreatedAt = now,
                Participants = [new Participant { MemberId = myId }, .. others.Select(id => new Participant { MemberId = id })],
                MemberIds = [myId, .. others],
            };
            var message = await AppendAsync(session, bus, markdown, conversation, myId, start.Body!, now, cancellationToken);
            session.Insert(conversation);
            await session.SaveChangesAsync(cancellationToken);
            return await ViewAsync(session, conversation, conversation.Of(myId)!, [message], null, cancellationToken);
        }
    }

    internal sealed class ReplyHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown) : IRequestHandler<Reply, MessageView>
    {
        public async Task<MessageView> Handle(Reply reply, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = sessions.OpenSession(bus);
            var conversation = await RowLocks.LoadForUpdateAsync<Conversation>(session, reply.ConversationId, cancellationToken);
            var mine = conversation?.Of(myId) ?? throw ProblemException.NotFound("The conversation");
            if (!mine.Active)
            {
                throw ProblemException.Forbidden("You left this conversation and can no longer write in it.");
            }

            await RefuseBlockedAsync(session, myId, conversation.Participants.Where(p => p.Active && p.MemberId != myId).Select(p => p.MemberId).ToList(),
                cancellationToken);
            var message = await AppendAsync(session, bus, markdown, conversation, myId, reply.Body!, clock.GetUtcNow(), cancellationToken);
            session.Store(conversation);
            await session.SaveChangesAsync(cancellationToken);
            var names = await NamesAsync(session, [myId], cancellationToken);
            return ViewOf(message, names);
        }
    }

    internal sealed class ListHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<List, IReadOnlyList<ConversationSummary>>
    {
        public async Task<IReadOnlyList<ConversationSummary>> Handle(List list, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = store.QuerySession();
            var conversations = await session.Query<Conversation>().Where(c => c.MemberIds.Contains(myId))
                .OrderByDescending(c => c.LastActivityAt).Take(200).ToListAsync(cancellationToken);
            var names = await NamesAsync(session, conversations.SelectMany(c => c.MemberIds), cancellationToken);
            return conversations.Select(c =>
            {
                var mine = c.Of(myId)!;
                return new ConversationSummary(c.Id, c.Subject,
                    c.Participants.Where(p => p.MemberId != myId).Select(p => names.GetValueOrDefault(p.MemberId, MemberNames.FormerMember)).ToList(),
                    mine.Unread, mine.Active, c.LastActivityAt, $"/messages/{c.Id:N}");
            }).ToList();
        }
    }

    internal sealed class ReadHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Read, ConversationView>
    {
        public async Task<ConversationView> Handle(Read read, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = store.LightweightSession();
            var conversation = await RowLocks.LoadForUpdateAsync<Conversation>(session, read.ConversationId, cancellationToken);
            var mine = conversation?.Of(myId) ?? throw ProblemException.NotFound("The conversation");
            var visible = mine.Visible(conversation);
            var after = Math.Max(0, read.After ?? 0);
            var id = conversation.Id;
            var messages = (await session.Query<PrivateMessage>()
                .Where(m => m.ConversationId == id && m.Number > after && m.Number <= visible)
                .OrderBy(m => m.Number).Take(PageSize + 1).ToListAsync(cancellationToken)).ToList();
            int? next = null;
            if (messages.Count > PageSize)
            {
                messages.RemoveAt(PageSize);
                next = messages[^1].Number;
            }

            var lastShown = messages.Count == 0 ? after : messages[^1].Number;
            if (lastShown > mine.LastRead)
            {
                mine.LastRead = lastShown;
                mine.Unread = Math.Max(0, visible - lastShown);
                session.Store(conversation);
                await session.SaveChangesAsync(cancellationToken);
            }

            return await ViewAsync(session, conversation, mine, messages, next, cancellationToken);
        }
    }

    internal sealed class LeaveHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Leave, bool>
    {
        public async Task<bool> Handle(Leave leave, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = store.LightweightSession();
            var conversation = await RowLocks.LoadForUpdateAsync<Conversation>(session, leave.ConversationId, cancellationToken);
            var mine = conversation?.Of(myId) ?? throw ProblemException.NotFound("The conversation");
            if (!mine.Active)
            {
                throw ProblemException.Conflict("You already left this conversation.");
            }

            mine.Active = false;
            mine.LeftAtNumber = conversation.LastNumber;
            mine.Unread = 0;
            mine.LastRead = conversation.LastNumber;
            session.Store(conversation);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class ReportHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Report, bool>
    {
        public async Task<bool> Handle(Report report, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = sessions.OpenSession(bus);
            var conversation = await session.LoadAsync<Conversation>(report.ConversationId, cancellationToken);
            var mine = conversation?.Of(myId) ?? throw ProblemException.NotFound("The conversation");
            var id = conversation.Id;
            var number = report.Number;
            var message = number < 1 || number > mine.Visible(conversation)
                ? null
                : await session.Query<PrivateMessage>().FirstOrDefaultAsync(m => m.ConversationId == id && m.Number == number, cancellationToken);
            if (message is null)
            {
                throw ProblemException.NotFound($"Message {number}");
            }

            if (message.AuthorId == myId)
            {
                throw ProblemException.Invalid("number", "You cannot report your own message.");
            }

            var now = clock.GetUtcNow();
            var reason = report.Reason!.Trim();
            session.Store(new MessageReport
            {
                Id = Guid.CreateVersion7(now), ConversationId = id, MessageId = message.Id, Number = number, AuthorId = message.AuthorId,
                ReportedBy = myId, Reason = reason, ReportedAt = now,
            });
            await bus.PublishAsync(new PrivateMessageReported(id, message.Id, message.AuthorId, myId, reason, now));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>Refuses when any of the members blocked the writer.</summary>
    private static async Task RefuseBlockedAsync(IQuerySession session, Guid writer, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        var ids = recipients.Select(r => MemberBlock.IdFor(r, writer)).ToArray();
        var blocks = await session.LoadManyAsync<MemberBlock>(cancellationToken, ids);
        if (blocks.Count > 0)
        {
            throw ProblemException.Forbidden("A member of this conversation does not accept your messages.");
        }
    }

    /// <summary>Adds a message, counts it unread for the other active participants and notifies them; the caller stores the conversation.</summary>
    private static async Task<PrivateMessage> AppendAsync(IDocumentSession session, IMessageBus bus, MarkdownRenderer markdown, Conversation conversation,
        Guid authorId, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var number = ++conversation.LastNumber;
        var source = body.Trim();
        var message = new PrivateMessage
        {
            Id = Guid.CreateVersion7(now), ConversationId = conversation.Id, Number = number, AuthorId = authorId, Source = source,
            Html = markdown.ToSafeHtml(source), CreatedAt = now,
        };
        conversation.LastActivityAt = now;
        foreach (var participant in conversation.Participants.Where(p => p.Active))
        {
            if (participant.MemberId == authorId)
            {
                participant.LastRead = number;
                participant.Unread = 0;
            }
            else
            {
                participant.Unread++;
            }
        }

        session.Insert(message);
        var author = await session.LoadAsync<MemberFacts>(authorId, cancellationToken);
        var excerpt = source.Length > 200 ? source[..200] + "…" : source;
        var drafts = conversation.Participants.Where(p => p.Active && p.MemberId != authorId)
            .Select(p => new NotificationDraft(p.MemberId, NotificationKind.PrivateMessage, $"conversation:{conversation.Id:N}", null,
                conversation.Subject, Conversation.PathFor(conversation.Id, number), author?.DisplayName, excerpt, now, authorId))
            .ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
        return message;
    }

    public static async Task<Dictionary<Guid, string>> NamesAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        (await session.LoadManyAsync<MemberFacts>(cancellationToken, ids.Distinct().ToArray()))
        .ToDictionary(p => p.Id, p => p.Deleted ? MemberNames.FormerMember : p.DisplayName);

    private static MessageView ViewOf(PrivateMessage m, IReadOnlyDictionary<Guid, string> names) =>
        new(m.Id, m.Number, m.AuthorId, names.GetValueOrDefault(m.AuthorId, MemberNames.FormerMember), m.Html, m.Source, m.CreatedAt,
            Conversation.PathFor(m.ConversationId, m.Number));

    private static async Task<ConversationView> ViewAsync(IQuerySession session, Conversation c, Participant mine, IReadOnlyList<PrivateMessage> messages,
        int? next, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(session, c.MemberIds, cancellationToken);
        return new ConversationView(c.Id, c.Subject,
            c.Participants.Select(p => new ParticipantView(p.MemberId, names.GetValueOrDefault(p.MemberId, MemberNames.FormerMember), p.Active, p.LastRead)).ToList(),
            mine.Active, mine.Visible(c), messages.Select(m => ViewOf(m, names)).ToList(), next);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string root = "/api/engagement/conversations";
            app.MapGet(root, async (string? cursor, int? limit, IMediator mediator, CancellationToken ct) => CursorPage.Of(await mediator.Send(new List(), ct), cursor, limit))
                .WithSummary("My conversations, newest activity first, with my unread count in each.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root, async (Start start, IMediator mediator, CancellationToken ct) =>
                {
                    var view = await mediator.Send(start, ct);
                    return TypedResults.Created($"{root}/{view.Id}", view);
                })
                .WithSummary("Start a conversation (to: member ids, subject, body in markdown).").RequireAuthorization(MemberPolicy.Name);
            app.MapGet(root + "/{conversationId:guid}", (Guid conversationId, string? cursor, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new Read(conversationId, MessageCursor(cursor)), ct))
                .WithSummary("Read a conversation I am in, a page of messages (cursor: the nextCursor of the previous page); marks them read for me.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root + "/{conversationId:guid}/messages", async (Guid conversationId, ReplyBody body, IMediator mediator, CancellationToken ct) =>
                    TypedResults.Created($"{root}/{conversationId}", await mediator.Send(new Reply(conversationId, body.Body), ct)))
                .WithSummary("Reply in a conversation.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root + "/{conversationId:guid}/leave", async (Guid conversationId, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new Leave(conversationId), ct);
                    return TypedResults.NoContent();
                })
                .WithSummary("Leave a conversation; the others continue without me.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root + "/{conversationId:guid}/messages/{messageNumber:int}/report", async (Guid conversationId, int messageNumber, ReportBody body,
                    IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new Report(conversationId, messageNumber, body.Reason), ct);
                    return TypedResults.Accepted((string?)null);
                })
                .WithSummary("Report a message to the site's administrators.").RequireAuthorization(MemberPolicy.Name);
        }

        /// <summary>A conversation's cursor is the number of the last message of the previous page.</summary>
        private static int? MessageCursor(string? cursor) =>
            cursor is null ? null
            : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after
            : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
    }
}
