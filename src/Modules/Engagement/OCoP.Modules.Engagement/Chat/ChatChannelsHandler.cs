using Marten;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// A new group gets its chat channel at once (groups older than chat get it on their first message). Public for
/// Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class ChatChannelsHandler
{
    public static async Task Handle(GroupCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ChatChannel>(created.GroupId, cancellationToken) is null)
        {
            session.Insert(ChatChannel.ForGroup(created.GroupId, created.CreatedAt));
        }
    }
}
