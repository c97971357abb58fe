using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// A facilitator's request to move a run of a channel's messages (<c>FromNumber</c> to <c>ToNumber</c>) into a new topic
/// of the group's forum. Its id is made from the channel and the run, so asking again for the same run is the same move.
/// </summary>
internal sealed class ChatMove
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid ChannelId { get; set; }
    public int FromNumber { get; set; }
    public int ToNumber { get; set; }
    public string Title { get; set; } = "";
    public Guid RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    public string? TopicPath { get; set; }
    public int? TopicNumber { get; set; }
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Why the forum refused the topic; the same run may then be asked for again.</summary>
    public string? Refusal { get; set; }

    /// <summary>The number of the note in the channel that links to the topic.</summary>
    public int? NoteNumber { get; set; }

    public ChatMoveState State => TopicPath is not null ? ChatMoveState.Started : Refusal is not null ? ChatMoveState.Refused : ChatMoveState.Pending;

    public static Guid IdFor(Guid channelId, int from, int to)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"chat-move/{channelId:N}/{from}/{to}"));
        return new Guid(bytes.AsSpan(0, 16));
    }
}

internal enum ChatMoveState
{
    Pending,
    Started,
    Refused,
}

/// <summary>A move as the API shows it: <c>topic</c> once the forum has started it, <c>refusal</c> when it would not.</summary>
internal sealed record ChatMoveView(Guid Id, Guid ChannelId, int FromNumber, int ToNumber, string Title, ChatMoveState State, ChatTopicLink? Topic,
    string? Refusal, int? NoteNumber, DateTimeOffset RequestedAt)
{
    public static ChatMoveView Of(ChatMove m) => new(m.Id, m.ChannelId, m.FromNumber, m.ToNumber, m.Title, m.State,
        m.TopicPath is { } path ? new ChatTopicLink(m.Title, path) : null, m.Refusal, m.NoteNumber, m.RequestedAt);
}

/// <summary>
/// "Move this conversation into a forum topic" (docs/chat.md, docs/adr/0071): facilitators (whoever may moderate the
/// group) pick a run of up to <see cref="MaxMessages"/> messages of a channel and a title; the move is kept and
/// <see cref="StartChatTopic"/> goes to Discussions in the same outboxed transaction (202). Discussions starts the topic as
/// the facilitator, quoting the messages; on <see cref="ChatTopicStarted"/> (<see cref="ChatTopicReplyHandler"/>) the
/// channel gets a note linking to the topic and the moved messages show the link.
/// </summary>
internal sealed partial class MoveToTopic(IEngagementStore store, OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, TimeProvider clock)
{
    public const int MaxMessages = 200;

    /// <summary>The forum takes a topic's first post up to 32,000 characters; the quotes are cut to stay below.</summary>
    public const int MaxBodyLength = 30_000;

    public async Task<ChatMoveView> MoveAsync(Guid groupId, Guid channelId, CurrentMember me, int? fromNumber, int? toNumber, string? title,
        CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        var viewer = (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireToChange(GroupAction.Moderate);
        var found = await ChatRoom.ChannelAsync(session, groupId, channelId, cancellationToken);
        // Locked: of two moves at once, the second sees the first (and notes take their numbers from it).
        var channel = await RowLocks.LoadForUpdateAsync<ChatChannel>(session, found.Id, cancellationToken) ?? found;

        var errors = new Dictionary<string, string[]>();
        var cleanTitle = title?.Trim() ?? "";
        if (cleanTitle.Length is < 5 or > 200)
        {
            errors["title"] = ["A topic's title has 5 to 200 characters."];
        }

        var from = fromNumber ?? 0;
        var to = toNumber ?? 0;
        var numbered = channel.LastNumber == 0 ? "The channel has no messages." : $"The channel's messages are numbered 1 to {channel.LastNumber}.";
        if (from < 1)
        {
            errors["fromNumber"] = ["Give the number of the first message to move."];
        }

        if (to < 1)
        {
            errors["toNumber"] = ["Give the number of the last message to move."];
        }
        else if (from >= 1 && to < from)
        {
            errors["toNumber"] = ["The last message comes after the first (or is the first)."];
        }
        else if (from >= 1 && to - from + 1 > MaxMessages)
        {
            errors["toNumber"] = [$"At most {MaxMessages} messages move at once; this run has {to - from + 1}."];
        }

        if (!errors.ContainsKey("fromNumber") && from > channel.LastNumber)
        {
            errors["fromNumber"] = [numbered];
        }

        if (!errors.ContainsKey("toNumber") && to > channel.LastNumber)
        {
            errors["toNumber"] = [numbered];
        }

        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }

        var messages = await session.Query<ChatMessage>().Where(m => m.ChannelId == channel.Id && m.Number >= from && m.Number <= to)
            .OrderBy(m => m.Number).ToListAsync(cancellationToken);
        // A message hidden for review is not quoted into the forum before a facilitator has decided about it.
        var quoted = messages.Where(m => !m.Deleted && !m.Note && !m.Held).ToList();
        if (quoted.Count == 0)
        {
            throw Invalid(new Dictionary<string, string[]> { ["fromNumber"] = ["Every message of this run was deleted or is waiting for review: there is nothing to move."] });
        }

        var id = ChatMove.IdFor(channel.Id, from, to);
        var existing = await session.LoadAsync<ChatMove>(id, cancellationToken);
        if (existing is { State: not ChatMoveState.Refused })
        {
            return ChatMoveView.Of(existing); // the same run asked for again: the same move, nothing sent twice
        }

        var overlapping = await session.Query<ChatMove>()
            .Where(m => m.ChannelId == channel.Id && m.Id != id && m.Refusal == null && m.FromNumber <= to && m.ToNumber >= from)
            .FirstOrDefaultAsync(cancellationToken);
        if (overlapping is not null)
        {
            throw ProblemException.Conflict(
                $"Messages {overlapping.FromNumber} to {overlapping.ToNumber} were already moved into a topic (\"{overlapping.Title}\").");
        }

        var authors = (await session.LoadManyAsync<MemberFacts>(cancellationToken, quoted.Select(m => m.AuthorId).Distinct().ToArray()))
            .ToDictionary(a => a.Id);
        var now = clock.GetUtcNow();
        var move = existing ?? new ChatMove { Id = id, GroupId = groupId, ChannelId = channel.Id, FromNumber = from, ToNumber = to };
        move.Title = cleanTitle;
        move.RequestedBy = me.Id;
        move.RequestedAt = now;
        move.Refusal = null;
        session.Store(move);
        await bus.SendAsync(new StartChatTopic(move.Id, groupId, me.Id, cleanTitle, BodyOf(viewer.Name, channel.Name, from, to, quoted, authors)));
        await session.SaveChangesAsync(cancellationToken);
        return ChatMoveView.Of(move);
    }

    public async Task<ChatMoveView> ViewAsync(Guid groupId, Guid channelId, Guid moveId, CurrentMember me, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        var move = await session.LoadAsync<ChatMove>(moveId, cancellationToken);
        return move is not null && move.GroupId == groupId && move.ChannelId == channelId ? ChatMoveView.Of(move) : throw ProblemException.NotFound("The move");
    }

    private static ProblemException Invalid(Dictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.") { Errors = errors };

    /// <summary>
    /// The topic's first post, Markdown: where the conversation comes from, then each message with its author's name,
    /// @handle and time, quoted. Names are escaped; the messages keep their Markdown inside the quote (every line quoted,
    /// so nothing escapes it); @ before a name is written as an entity so that moving a conversation mentions nobody
    /// again. Long runs are cut to fit the forum's limit, saying so.
    /// </summary>
    public static string BodyOf(string groupName, string channelName, int from, int to, IReadOnlyList<ChatMessage> messages,
        IReadOnlyDictionary<Guid, MemberFacts> authors)
    {
        var head = $"Moved from the chat of {Escape(groupName)} (\\#{Escape(channelName)}, messages {from} to {to}).\n\n";
        for (var cap = 4000; ; cap /= 2)
        {
            var body = new StringBuilder(head);
            var written = 0;
            foreach (var m in messages)
            {
                var entry = EntryOf(m, authors.GetValueOrDefault(m.AuthorId), cap);
                if (cap <= 100 && body.Length + entry.Length > MaxBodyLength - 200)
                {
                    break;
                }

                body.Append(entry);
                written++;
            }

            if (written < messages.Count)
            {
                body.Append(CultureInfo.InvariantCulture, $"*{messages.Count - written} more messages are not quoted here: see the chat.*\n");
            }

            if (body.Length <= MaxBodyLength || cap <= 100)
            {
                return body.ToString();
            }
        }
    }

    private static string EntryOf(ChatMessage m, MemberFacts? author, int cap)
    {
        var name = Escape(MemberFacts.NameOf(author));
        var handle = author is { Deleted: false, Handle.Length: > 0 } ? $" ({Escape("@" + author.Handle)})" : "";
        var at = m.CreatedAt.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        var text = m.Source.Length > cap ? m.Source[..cap].TrimEnd() + " …" : m.Source;
        var quoted = string.Join('\n', NoMentions(text).ReplaceLineEndings("\n").Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));
        return $"**{name}**{handle}, {at} UTC:\n\n{quoted}\n\n";
    }

    /// <summary>An @ that would start a mention, written as the entity Markdown shows as @ (the mention finder does not see it).</summary>
    private static string NoMentions(string text) => MentionStart().Replace(text, "&#64;");

    [GeneratedRegex(@"@(?=[\p{L}\p{Nd}_])")]
    private static partial Regex MentionStart();

    /// <summary>Plain text (a name, a title) shown as written in Markdown.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '@')
            {
                escaped.Append("&#64;"); // never a mention
                continue;
            }

            if (@"\`*_{}[]()#+-.!<>|~&".Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    internal sealed record MoveBody(int? FromNumber, int? ToNumber, string Title);

    internal sealed class Endpoint : ICarterModule
    {
        private const string Moves = "/api/engagement/groups/{groupId:guid}/chat/channels/{channelId:guid}/moves";

        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost(Moves, async (Guid groupId, Guid channelId, MoveBody body, MoveToTopic moves, CurrentMember me, CancellationToken cancellationToken) =>
                {
                    var move = await moves.MoveAsync(groupId, channelId, me, body.FromNumber, body.ToNumber, body.Title, cancellationToken);
                    return TypedResults.Accepted($"/api/engagement/groups/{groupId}/chat/channels/{channelId}/moves/{move.Id}", move);
                })
                .WithSummary($"Facilitators: move messages fromNumber to toNumber (at most {MaxMessages}) into a new topic of the group's forum, titled title. " +
                             "Accepted: the move (Location) shows the topic's link once the forum has started it, and the channel gets a note linking to it. " +
                             "Asking again for the same messages answers the same move.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(Moves + "/{moveId:guid}", (Guid groupId, Guid channelId, Guid moveId, MoveToTopic moves, CurrentMember me,
                    CancellationToken cancellationToken) => moves.ViewAsync(groupId, channelId, moveId, me, cancellationToken))
                .WithSummary("A move of messages into a forum topic: Pending, Started (with the topic's link) or Refused (with the forum's reason).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>
/// Discussions' answer to <see cref="StartChatTopic"/>: the move keeps the topic's link, the moved messages show it and
/// the channel gets a note linking to it (once, whatever the redeliveries); or the refusal is kept, after which the same
/// messages may be moved again. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class ChatTopicReplyHandler
{
    public static async Task<ChatLiveHandler.ChatMessagesChanged?> Handle(ChatTopicStarted started, IDocumentSession session, MarkdownRenderer markdown,
        CancellationToken cancellationToken)
    {
        // The channel first, then the move: the order a facilitator's request takes them in.
        if (await session.LoadAsync<ChatMove>(started.MoveId, cancellationToken) is not { } asked ||
            await RowLocks.LoadForUpdateAsync<ChatChannel>(session, asked.ChannelId, cancellationToken) is not { } channel)
        {
            return null;
        }

        var move = await RowLocks.LoadForUpdateAsync<ChatMove>(session, started.MoveId, cancellationToken);
        if (move is null || move.NoteNumber is not null)
        {
            return null;
        }

        move.TopicPath = started.Path;
        move.TopicNumber = started.TopicNumber;
        move.StartedAt = started.StartedAt;
        move.Refusal = null;
        var moved = await session.Query<ChatMessage>().Where(m => m.ChannelId == channel.Id && m.Number >= move.FromNumber && m.Number <= move.ToNumber)
            .ToListAsync(cancellationToken);
        foreach (var message in moved.Where(m => !m.Deleted && !m.Note && !m.Held))
        {
            message.MovedToTitle = move.Title;
            message.MovedToPath = started.Path;
            session.Store(message);
        }

        var source = $"Messages {move.FromNumber} to {move.ToNumber} moved into the forum: [{MoveToTopic.Escape(move.Title)}]({started.Path})";
        var note = new ChatMessage
        {
            Id = Guid.CreateVersion7(started.StartedAt), ChannelId = channel.Id, GroupId = channel.GroupId, Number = ++channel.LastNumber,
            AuthorId = move.RequestedBy, Source = source, Html = markdown.ToSafeHtml(source), CreatedAt = started.StartedAt, Note = true,
        };
        channel.LastMessageAt = started.StartedAt;
        session.Store(channel);
        session.Insert(note);
        move.NoteNumber = note.Number;
        session.Store(move);
        return new ChatLiveHandler.ChatMessagesChanged(channel.Id, move.FromNumber, move.ToNumber, note.Number);
    }

    public static async Task Handle(ChatTopicRefused refused, IDocumentSession session, CancellationToken cancellationToken)
    {
        var move = await RowLocks.LoadForUpdateAsync<ChatMove>(session, refused.MoveId, cancellationToken);
        if (move is not { State: ChatMoveState.Pending })
        {
            return;
        }

        move.Refusal = refused.Reason;
        session.Store(move);
    }
}
