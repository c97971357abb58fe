using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>The topic a chat move started (<see cref="StartChatTopic"/>), keyed by the move's id (Engagement's).</summary>
internal sealed class ChatTopicMarker : CommandedTopicMarker;

/// <summary>
/// Starts the topic of a chat conversation a facilitator moved into the forum, as that facilitator, once per move
/// (<see cref="CommandedTopics"/>, docs/adr/0071): <see cref="ChatTopicStarted"/> or <see cref="ChatTopicRefused"/>.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
public static class ChatTopicHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => CommandedTopics.RetryOnUniqueViolation(chain);

    public static Task Handle(StartChatTopic command, IMessageContext bus, OutboxedSessionFactory<IDiscussionsStore> sessions,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken) =>
        CommandedTopics.StartOnceAsync<ChatTopicMarker>(
            new CommandedTopics.Request(command.MoveId, command.GroupId, command.StartedByMemberId, command.Title, command.Body, "chat"),
            m => new ChatTopicStarted(m.Id, m.GroupId, m.TopicId, m.TopicNumber, m.Title, m.Path, m.StartedAt),
            reason => new ChatTopicRefused(command.MoveId, command.GroupId, reason),
            bus, sessions, clock, markdown, configuration, cancellationToken);
}
