using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// A facilitator's decision on a flagged chat message, from the group's review queue in Discussions (docs/adr/0072): a
/// deletion removes the message as a facilitator's removal in the chat does (a tombstone, and
/// <see cref="ChatMessageRemovedByModerator"/> for the moderation log); a dismissal shows a message the flags had hidden
/// again. Enough flags hide a message until then (<see cref="ChatMessageHeldForReview"/>). Applying one twice changes it
/// once. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class ChatReviewDecisionHandler
{
    public static async Task<OutgoingMessages> Handle(ChatMessageHeldForReview held, IDocumentSession session, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        var message = await RowLocks.LoadForUpdateAsync<ChatMessage>(session, held.MessageId, cancellationToken);
        if (message is null || message.Deleted || message.Held || message.GroupId != held.GroupId)
        {
            return outgoing;
        }

        message.HeldAt = held.HeldAt;
        session.Store(message);
        outgoing.Add(new ChatLiveHandler.ChatMessagesChanged(message.ChannelId, message.Number, message.Number, null));
        return outgoing;
    }

    public static async Task<OutgoingMessages> Handle(ChatFlagResolved resolved, IDocumentSession session, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        var message = await RowLocks.LoadForUpdateAsync<ChatMessage>(session, resolved.MessageId, cancellationToken);
        if (message is null || message.Deleted || message.GroupId != resolved.GroupId)
        {
            return outgoing;
        }

        if (resolved.Decision != ChatFlagDecision.Delete)
        {
            if (message.Held)
            {
                message.HeldAt = null;
                session.Store(message);
                outgoing.Add(new ChatLiveHandler.ChatMessagesChanged(message.ChannelId, message.Number, message.Number, null));
            }

            return outgoing;
        }

        var channel = await session.LoadAsync<ChatChannel>(message.ChannelId, cancellationToken);
        message.DeletedAt = resolved.ResolvedAt;
        message.DeletedBy = resolved.ModeratorId;
        message.Source = "";
        message.Html = "";
        session.Store(message);
        outgoing.Add(new ChatMessageRemovedByModerator(message.GroupId, message.ChannelId, channel?.Name ?? ChatChannel.GroupChannelName, message.Id,
            message.Number, message.AuthorId, resolved.ModeratorId, resolved.Reason, resolved.ResolvedAt));
        outgoing.Add(new ChatLiveHandler.ChatMessagesChanged(message.ChannelId, message.Number, message.Number, null));
        return outgoing;
    }
}
