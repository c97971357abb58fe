using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>The reflection topic Events asked for (<see cref="StartReflectionTopic"/>), keyed by the group event's id.</summary>
internal sealed class ReflectionTopicMarker : CommandedTopicMarker;

/// <summary>
/// Starts an event's reflection topic in the group's forum as the member Events names, once per event
/// (<see cref="CommandedTopics"/>, docs/adr/0066): <see cref="ReflectionTopicStarted"/> or <see cref="ReflectionTopicRefused"/>.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
public static class ReflectionTopicHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) => CommandedTopics.RetryOnUniqueViolation(chain);

    public static Task Handle(StartReflectionTopic command, IMessageContext bus, OutboxedSessionFactory<IDiscussionsStore> sessions,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken) =>
        CommandedTopics.StartOnceAsync<ReflectionTopicMarker>(
            new CommandedTopics.Request(command.EventId, command.GroupId, command.StartedByMemberId, command.Title, command.Body, "reflection"),
            m => new ReflectionTopicStarted(m.Id, m.GroupId, m.TopicId, m.TopicNumber, m.Title, m.Path, m.StartedAt),
            reason => new ReflectionTopicRefused(command.EventId, command.GroupId, reason),
            bus, sessions, clock, markdown, configuration, cancellationToken);
}
