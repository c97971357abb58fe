using System.Globalization;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.SignalR;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Engagement.Live;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Chat;

internal sealed record ChannelView(Guid Id, Guid GroupId, string Name, string? Topic, bool IsGroupChannel, int LastNumber, int LastRead, int Unread,
    DateTimeOffset? LastMessageAt);

/// <summary>
/// A chat message as members see it. <c>MovedTo</c>: the forum topic a facilitator moved it into; <c>Note</c>: a note the
/// platform wrote (a moved conversation's link), in the name of the facilitator who moved it. <c>Held</c>: hidden (no text)
/// until a facilitator reviews the flags on it.
/// </summary>
internal sealed record ChatMessageView(Guid Id, Guid ChannelId, int Number, Guid AuthorId, string AuthorName, string Html, string Source,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted, ChatTopicLink? MovedTo, bool Note, bool Held);

/// <summary>A forum topic's title and site-relative link.</summary>
internal sealed record ChatTopicLink(string Title, string Url);

internal sealed record ReadMarkerView(Guid ChannelId, int LastRead, int Unread);

/// <summary>A channel as one member may use it: the group's rule already applied.</summary>
internal sealed record OpenChannel(GroupViewer Viewer, ChatChannel Channel);

/// <summary>
/// Group chat, one place for both doors: the HTTP API (<see cref="ChatEndpoints"/>) and the live connection
/// (<see cref="LiveHub"/>) call the same operations with the caller, so the access rule, the limits, the notifications
/// and the live fan-out cannot differ between them. Every change is pushed to the channel's live group after it is saved.
/// Reads ask Membership too (<see cref="GroupAccess.ForWriteAsync"/>), not only the replica: a member removed or banned a
/// moment ago must not read the room's history any more, and chat callers are always signed in.
/// </summary>
internal sealed partial class ChatRoom(IEngagementStore store, OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, TimeProvider clock,
    MarkdownRenderer markdown, ChatRateLimiter limiter, IHubContext<LiveHub> hub)
{
    public const int MaxBodyLength = 4000;
    public const int MaxNameLength = 40;
    public const int MaxReasonLength = 2000;
    public const int MaxChannelsPerGroup = 50;

    public async Task<CursorPage<ChannelView>> ChannelsAsync(Guid groupId, CurrentMember me, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        var channels = (await session.Query<ChatChannel>().Where(c => c.GroupId == groupId).ToListAsync(cancellationToken)).ToList();
        if (channels.All(c => !c.IsGroupChannel))
        {
            channels.Add(ChatChannel.ForGroup(groupId, DateTimeOffset.MinValue)); // made on its first message
        }

        var markers = (await session.LoadManyAsync<ChatReadMarker>(cancellationToken, channels.Select(c => ChatReadMarker.IdFor(c.Id, me.Id)).ToArray()))
            .ToDictionary(m => m.ChannelId, m => m.LastRead);
        var views = channels.OrderByDescending(c => c.IsGroupChannel).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => ViewOf(c, markers.GetValueOrDefault(c.Id))).ToList();
        return CursorPage.Of(views, cursor, limit);
    }

    public async Task<ChannelView> CreateChannelAsync(Guid groupId, CurrentMember me, string? name, string? topic, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireToChange(GroupAction.Moderate);
        var clean = (name ?? "").Trim().ToLowerInvariant();
        if (!ChannelName().IsMatch(clean))
        {
            throw ProblemException.Invalid("name", $"A channel's name is 1 to {MaxNameLength} lower-case letters, digits and dashes, such as lesson-study.");
        }

        var existing = await session.Query<ChatChannel>().Where(c => c.GroupId == groupId).Select(c => c.Name).ToListAsync(cancellationToken);
        if (existing.Contains(clean) || clean == ChatChannel.GroupChannelName)
        {
            throw ProblemException.Invalid("name", $"The group already has a channel named {clean}.");
        }

        if (existing.Count >= MaxChannelsPerGroup)
        {
            throw ProblemException.Conflict($"A group has at most {MaxChannelsPerGroup} channels.");
        }

        var now = clock.GetUtcNow();
        var channel = new ChatChannel
        {
            Id = Guid.CreateVersion7(now), GroupId = groupId, Name = clean, Topic = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim(),
            CreatedBy = me.Id, CreatedAt = now,
        };
        session.Insert(channel);
        await session.SaveChangesAsync(cancellationToken);
        return ViewOf(channel, 0);
    }

    /// <summary>The channel, for a member of its group: 404 for the channel of a group the caller may not chat in, as for none.</summary>
    public async Task<OpenChannel> OpenAsync(Guid groupId, Guid channelId, CurrentMember me, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var viewer = (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        return new OpenChannel(viewer, await ChannelAsync(session, groupId, channelId, cancellationToken));
    }

    /// <summary>Messages, newest first, paged by number: the cursor names the oldest message of the page before.</summary>
    public async Task<CursorPage<ChatMessageView>> HistoryAsync(Guid groupId, Guid channelId, CurrentMember me, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        int? before = null;
        if (cursor is not null)
        {
            before = Cursor.TryDecode(cursor, out var key, out _) && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw ProblemException.Invalid("cursor", "This cursor was not given by this list.");
        }

        var take = Cursor.Limit(limit);
        await using var session = store.QuerySession();
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        var channel = await ChannelAsync(session, groupId, channelId, cancellationToken);
        var id = channel.Id;
        var query = session.Query<ChatMessage>().Where(m => m.ChannelId == id);
        if (before is { } b)
        {
            query = query.Where(m => m.Number < b);
        }

        var fetched = await query.OrderByDescending(m => m.Number).Take(take + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(fetched, take, m => (m.Number.ToString(CultureInfo.InvariantCulture), m.Id));
        var names = await Messages.Messaging.NamesAsync(session, page.Items.Select(m => m.AuthorId), cancellationToken);
        return new CursorPage<ChatMessageView>([.. page.Items.Select(m => ViewOf(m, names))], page.NextCursor);
    }

    public async Task<ChatMessageView> PostAsync(Guid groupId, Guid channelId, CurrentMember me, string body, CancellationToken cancellationToken)
    {
        var source = RequireBody(body);
        limiter.Take(me.Id);
        try
        {
            return await AppendAsync(groupId, channelId, me, source, cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Two first messages raced to make the group's channel: the loser appends to the one the winner made.
            return await AppendAsync(groupId, channelId, me, source, cancellationToken);
        }
    }

    private async Task<ChatMessageView> AppendAsync(Guid groupId, Guid channelId, CurrentMember me, string source, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        var viewer = (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireToChange(GroupAction.Post);
        var now = clock.GetUtcNow();
        var channel = await RowLocks.LoadForUpdateAsync<ChatChannel>(session, channelId, cancellationToken);
        var isNew = channel is null && channelId == groupId;
        channel = isNew ? ChatChannel.ForGroup(groupId, now) : channel;
        if (channel is null || channel.GroupId != groupId)
        {
            throw ProblemException.NotFound("The channel");
        }

        var mentioned = await MemberMentions.ResolveAsync(session, groupId, me.Id, source, cancellationToken);
        var message = new ChatMessage
        {
            Id = Guid.CreateVersion7(now), ChannelId = channel.Id, GroupId = groupId, Number = ++channel.LastNumber, AuthorId = me.Id, Source = source,
            Html = MemberMentions.Render(markdown, source, mentioned), Mentions = [.. mentioned.MemberIds], CreatedAt = now,
        };
        channel.LastMessageAt = now;
        RowLocks.Save(session, channel, isNew);
        session.Insert(message);
        session.Store(new ChatReadMarker { Id = ChatReadMarker.IdFor(channel.Id, me.Id), ChannelId = channel.Id, MemberId = me.Id, LastRead = message.Number });
        await NotifyMentionedAsync(session, viewer, channel, message, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);

        var names = await Messages.Messaging.NamesAsync(session, [me.Id], cancellationToken);
        var view = ViewOf(message, names);
        await hub.Clients.Group(LiveGroups.Channel(channel.Id)).SendAsync(LiveEvents.Message, view, cancellationToken);
        return view;
    }

    public async Task<ChatMessageView> EditAsync(Guid groupId, Guid channelId, int number, CurrentMember me, string body, CancellationToken cancellationToken)
    {
        var source = RequireBody(body);
        await using var session = sessions.OpenSession(bus);
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireToChange(GroupAction.Post);
        var message = await MessageAsync(session, groupId, channelId, number, cancellationToken);
        if (message.AuthorId != me.Id)
        {
            throw ProblemException.Forbidden("You can edit only your own messages.");
        }

        var mentioned = await MemberMentions.ResolveAsync(session, groupId, me.Id, source, cancellationToken);
        message.Source = source;
        message.Html = MemberMentions.Render(markdown, source, mentioned);
        message.EditedAt = clock.GetUtcNow();
        session.Store(message);
        await session.SaveChangesAsync(cancellationToken);
        return await ChangedAsync(session, message, cancellationToken);
    }

    public async Task DeleteOwnAsync(Guid groupId, Guid channelId, int number, CurrentMember me, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireWritable();
        var message = await MessageAsync(session, groupId, channelId, number, cancellationToken);
        if (message.AuthorId != me.Id)
        {
            throw ProblemException.Forbidden("You can delete only your own messages; facilitators remove others' with a reason.");
        }

        await TombstoneAsync(session, message, me.Id, cancellationToken);
    }

    /// <summary>A facilitator removes someone's message with a reason; the group's moderation log records it (Discussions).</summary>
    public async Task RemoveAsync(Guid groupId, Guid channelId, int number, CurrentMember me, string reason, CancellationToken cancellationToken)
    {
        var why = RequireReason(reason);
        await using var session = sessions.OpenSession(bus);
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat().RequireToChange(GroupAction.Moderate);
        var channel = await ChannelAsync(session, groupId, channelId, cancellationToken);
        var message = await MessageAsync(session, groupId, channelId, number, cancellationToken);
        var now = clock.GetUtcNow();
        await bus.PublishAsync(new ChatMessageRemovedByModerator(groupId, channel.Id, channel.Name, message.Id, message.Number, message.AuthorId, me.Id,
            why, now));
        await TombstoneAsync(session, message, me.Id, cancellationToken);
    }

    /// <summary>A member flags someone's message to the group's facilitators (their moderation log, in Discussions).</summary>
    public async Task FlagAsync(Guid groupId, Guid channelId, int number, CurrentMember me, string reason, CancellationToken cancellationToken)
    {
        var why = RequireReason(reason);
        await using var session = sessions.OpenSession(bus);
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        var channel = await ChannelAsync(session, groupId, channelId, cancellationToken);
        var message = await MessageAsync(session, groupId, channelId, number, cancellationToken);
        if (message.AuthorId == me.Id)
        {
            throw ProblemException.Invalid("messageNumber", "You cannot flag your own message.");
        }

        var excerpt = message.Source.Length > 200 ? message.Source[..200] + "…" : message.Source;
        await bus.PublishAsync(new ChatMessageFlagged(groupId, channel.Id, channel.Name, message.Id, message.Number, message.AuthorId, me.Id, why,
            excerpt, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves the member's unread marker forward (never back) to a message of the channel.</summary>
    public async Task<ReadMarkerView> MarkReadAsync(Guid groupId, Guid channelId, int number, CurrentMember me, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        (await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)).RequireChat();
        var channel = await ChannelAsync(session, groupId, channelId, cancellationToken);
        if (number < 0 || number > channel.LastNumber)
        {
            throw ProblemException.Invalid("number", $"The channel's messages are numbered 1 to {channel.LastNumber}.");
        }

        var marker = await RowLocks.LoadForUpdateAsync<ChatReadMarker>(session, ChatReadMarker.IdFor(channel.Id, me.Id), cancellationToken)
                     ?? new ChatReadMarker { Id = ChatReadMarker.IdFor(channel.Id, me.Id), ChannelId = channel.Id, MemberId = me.Id };
        if (number > marker.LastRead)
        {
            marker.LastRead = number;
            session.Store(marker);
            await session.SaveChangesAsync(cancellationToken);
        }

        return new ReadMarkerView(channel.Id, marker.LastRead, Math.Max(0, channel.LastNumber - marker.LastRead));
    }

    private static string RequireBody(string? body)
    {
        var source = body?.Trim() ?? "";
        if (source.Length == 0)
        {
            throw ProblemException.Invalid("body", "Write a message.");
        }

        return source.Length > MaxBodyLength
            ? throw ProblemException.Invalid("body", $"A chat message has at most {MaxBodyLength} characters; this one has {source.Length}. Start a forum topic for longer texts.")
            : source;
    }

    private static string RequireReason(string? reason)
    {
        var why = reason?.Trim() ?? "";
        return why.Length switch
        {
            0 => throw ProblemException.Invalid("reason", "Say why."),
            > MaxReasonLength => throw ProblemException.Invalid("reason", $"A reason has at most {MaxReasonLength} characters."),
            _ => why,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex ChannelName();

    private async Task TombstoneAsync(IDocumentSession session, ChatMessage message, Guid by, CancellationToken cancellationToken)
    {
        if (message.Deleted)
        {
            return;
        }

        message.DeletedAt = clock.GetUtcNow();
        message.DeletedBy = by;
        message.Source = "";
        message.Html = "";
        session.Store(message);
        await session.SaveChangesAsync(cancellationToken);
        await ChangedAsync(session, message, cancellationToken);
    }

    private async Task<ChatMessageView> ChangedAsync(IQuerySession session, ChatMessage message, CancellationToken cancellationToken)
    {
        var view = ViewOf(message, await Messages.Messaging.NamesAsync(session, [message.AuthorId], cancellationToken));
        await hub.Clients.Group(LiveGroups.Channel(message.ChannelId)).SendAsync(LiveEvents.MessageChanged, view, cancellationToken);
        return view;
    }

    internal static async Task<ChatChannel> ChannelAsync(IQuerySession session, Guid groupId, Guid channelId, CancellationToken cancellationToken)
    {
        var channel = await session.LoadAsync<ChatChannel>(channelId, cancellationToken);
        if (channel is null && channelId == groupId)
        {
            return ChatChannel.ForGroup(groupId, DateTimeOffset.MinValue);
        }

        return channel is not null && channel.GroupId == groupId ? channel : throw ProblemException.NotFound("The channel");
    }

    private static async Task<ChatMessage> MessageAsync(IQuerySession session, Guid groupId, Guid channelId, int number, CancellationToken cancellationToken)
    {
        var message = await session.Query<ChatMessage>().FirstOrDefaultAsync(m => m.ChannelId == channelId && m.Number == number, cancellationToken);
        return message is not null && message.GroupId == groupId && !message.Deleted ? message : throw ProblemException.NotFound($"Message {number}");
    }

    /// <summary>Mentioned members who may read the group and did not mute it get a "mentioned" notification (e-mail per their preferences).</summary>
    private async Task NotifyMentionedAsync(IDocumentSession session, GroupViewer viewer, ChatChannel channel, ChatMessage message,
        CancellationToken cancellationToken)
    {
        if (message.Mentions.Count == 0)
        {
            return;
        }

        var readers = await GroupReaders.WhoMayReadAsync(session, channel.GroupId, message.Mentions, cancellationToken);
        var groupTarget = Follow.TargetIdFor(channel.GroupId);
        var muted = (await session.Query<Follow>()
                .Where(f => f.Target == FollowTarget.Group && f.TargetId == groupTarget && f.Level == FollowLevel.Muted)
                .Select(f => f.MemberId).ToListAsync(cancellationToken))
            .ToHashSet();
        var author = await session.LoadAsync<MemberFacts>(message.AuthorId, cancellationToken);
        var excerpt = message.Source.Length > 200 ? message.Source[..200] + "…" : message.Source;
        var drafts = message.Mentions.Where(m => readers.Contains(m) && !muted.Contains(m))
            .Select(m => new NotificationDraft(m, NotificationKind.Mentioned, $"chat:{message.Id:N}", channel.GroupId, $"#{channel.Name} in {viewer.Name}",
                PathFor(viewer.Slug, channel.Id, message.Number), MemberFacts.NameOf(author), excerpt, message.CreatedAt, message.AuthorId))
            .ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
    }

    public static string PathFor(string slug, Guid channelId, int number) => $"/groups/{slug}/chat?channel={channelId}#m{number}";

    private static ChannelView ViewOf(ChatChannel c, int lastRead) =>
        new(c.Id, c.GroupId, c.Name, c.Topic, c.IsGroupChannel, c.LastNumber, lastRead, Math.Max(0, c.LastNumber - lastRead), c.LastMessageAt);

    /// <summary>A held message shows no text to anyone in the chat (the same view goes to every connection); facilitators read it in the review queue.</summary>
    internal static ChatMessageView ViewOf(ChatMessage m, IReadOnlyDictionary<Guid, string> names) =>
        new(m.Id, m.ChannelId, m.Number, m.AuthorId, names.GetValueOrDefault(m.AuthorId, MemberNames.FormerMember), m.Held ? "" : m.Html,
            m.Held ? "" : m.Source, m.CreatedAt, m.EditedAt, m.Deleted,
            m.MovedToPath is { } path && !m.Deleted ? new ChatTopicLink(m.MovedToTitle ?? "", path) : null, m.Note, m.Held);
}
