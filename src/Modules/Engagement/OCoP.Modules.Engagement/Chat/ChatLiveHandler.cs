using Marten;
using OCoP.BuildingBlocks.Live;
using OCoP.Modules.Engagement.Live;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// Chat changes made by a handler (a move's note and marks, a deletion decided in the review queue) reach the channel's
/// live pages once they are committed: the handler publishes <see cref="ChatMessagesChanged"/> with them. Public for
/// Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class ChatLiveHandler
{
    /// <summary>Messages <paramref name="FromNumber"/> to <paramref name="ToNumber"/> changed; <paramref name="NewNumber"/>, when given, is new.</summary>
    public sealed record ChatMessagesChanged(Guid ChannelId, int FromNumber, int ToNumber, int? NewNumber);

    public static async Task Handle(ChatMessagesChanged changed, IDocumentSession session, ILiveConnections live, CancellationToken cancellationToken)
    {
        var newNumber = changed.NewNumber ?? -1;
        var messages = await session.Query<ChatMessage>()
            .Where(m => m.ChannelId == changed.ChannelId && ((m.Number >= changed.FromNumber && m.Number <= changed.ToNumber) || m.Number == newNumber))
            .OrderBy(m => m.Number).ToListAsync(cancellationToken);
        var names = await Messages.Messaging.NamesAsync(session, messages.Select(m => m.AuthorId), cancellationToken);
        foreach (var message in messages)
        {
            await live.SendToGroupAsync(LiveGroups.Channel(changed.ChannelId), message.Number == newNumber ? LiveEvents.Message : LiveEvents.MessageChanged,
                ChatRoom.ViewOf(message, names), cancellationToken);
        }
    }
}
