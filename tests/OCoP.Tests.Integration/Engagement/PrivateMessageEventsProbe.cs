using System.Collections.Concurrent;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>A Wolverine subscriber to <see cref="PrivateMessageReported"/>, as another module would be. Included in every test host.</summary>
public static class PrivateMessageEventsProbe
{
    private static readonly ConcurrentDictionary<Guid, PrivateMessageReported> Received = new();

    public static void Handle(PrivateMessageReported message) => Received[message.MessageId] = message;

    internal static async Task<PrivateMessageReported> WaitForAsync(Guid conversationId)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Received.Values.Any(r => r.ConversationId == conversationId)),
            $"a PrivateMessageReported of conversation {conversationId}");
        return Received.Values.First(r => r.ConversationId == conversationId);
    }
}
