using Marten;
using OCoP.Modules.Engagement.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Moderation;

/// <summary>
/// Chat lives in Engagement; its moderation reaches the group's one moderation log here, through Engagement's Contracts
/// events: a facilitator's removal and a member's flag each become a line (docs/chat.md), and a flag puts the message in the
/// group's review queue (<see cref="ChatReview"/>, docs/adr/0072), hidden in the chat once the flags reach the forum's
/// threshold; a removal takes it out. Applying one twice writes it
/// once (the entry's id is the event's). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class ChatModerationHandler
{
    /// <summary>The site's flag threshold (<c>Discussions:DefaultFlagThreshold</c>) for groups that set none; a public wrapper
    /// because a public handler cannot take the internal options type.</summary>
    public sealed record DefaultFlagThreshold(int Value);

    public static async Task Handle(ChatMessageRemovedByModerator removed, IDocumentSession session, CancellationToken cancellationToken)
    {
        Write(session, IdFor(removed.MessageId, "removed"), removed.GroupId, removed.RemovedAt, removed.RemovedBy,
            $"chat message deleted (#{removed.ChannelName}, message {removed.MessageNumber})", removed.AuthorId, removed.Reason);
        await ChatReview.RemovedAsync(session, removed.MessageId, cancellationToken);
    }

    /// <summary>The flag's log line and its place in the queue; the "hold" for the chat when the flags reach the forum's threshold.</summary>
    public static async Task<OutgoingMessages> Handle(ChatMessageFlagged flagged, IDocumentSession session, DefaultFlagThreshold defaultThreshold,
        CancellationToken cancellationToken)
    {
        Write(session, IdFor(flagged.MessageId, $"flag:{flagged.FlaggedBy:N}"), flagged.GroupId, flagged.FlaggedAt, flagged.FlaggedBy,
            $"chat message flagged (#{flagged.ChannelName}, message {flagged.MessageNumber}): {flagged.Excerpt}", flagged.AuthorId, flagged.Reason);
        var threshold = (await session.LoadAsync<Forums.ForumGroup>(flagged.GroupId, cancellationToken))?.FlagThreshold ?? defaultThreshold.Value;
        var outgoing = new OutgoingMessages();
        if (await ChatReview.FlaggedAsync(session, flagged, threshold, cancellationToken) is { } held)
        {
            outgoing.Add(held);
        }

        return outgoing;
    }

    private static void Write(IDocumentSession session, Guid id, Guid groupId, DateTimeOffset at, Guid by, string action, Guid memberId, string reason) =>
        session.Store(new ModerationLogEntry
        {
            Id = id, GroupId = groupId, At = at, ModeratorId = by, Action = action, MemberId = memberId, Reason = reason,
            SortKey = $"{at.UtcTicks:D19}{id:N}",
        });

    private static Guid IdFor(Guid messageId, string what)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{messageId:N}/{what}"));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
