using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// The topic a chat move started (<see cref="StartChatTopic"/>), once per move: keyed by the move's id, written in the
/// same transaction as the topic, so a redelivered command finds it and only says again where the topic is.
/// </summary>
internal sealed class ChatTopicMarker
{
    /// <summary>The chat move's id (Engagement's).</summary>
    public Guid Id { get; set; }

    public Guid GroupId { get; set; }
    public Guid TopicId { get; set; }
    public int TopicNumber { get; set; }
    public string Title { get; set; } = "";
    public string Path { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }

    public ChatTopicStarted Started() => new(Id, GroupId, TopicId, TopicNumber, Title, Path, StartedAt);
}

/// <summary>
/// Starts the topic of a chat conversation a facilitator moved into the forum, as that facilitator, through the same rules
/// as a topic started over HTTP (<see cref="StartTopic.StartForMemberAsync"/>): a member who may not post there, a
/// read-only group or a limit refuses it (<see cref="ChatTopicRefused"/>, nothing written). The marker, the topic and the
/// reply <see cref="ChatTopicStarted"/> commit together in this message's outbox, as for reflection topics
/// (docs/adr/0066, docs/adr/0071). Public for Wolverine (docs/adr/0001).
/// </summary>
public static class ChatTopicHandler
{
    /// <summary>Two first starts in a forum with no document yet: the loser's unique index fails and the command runs again (see ReflectionTopicHandler).</summary>
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException(IsUniqueViolation).RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));

    private static bool IsUniqueViolation(Exception exception) => exception switch
    {
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUniqueViolation),
        _ => exception.InnerException is { } inner && IsUniqueViolation(inner),
    };

    public static async Task Handle(StartChatTopic command, IMessageContext bus, OutboxedSessionFactory<IDiscussionsStore> sessions,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        // Locks the marker's row when it exists; of two first deliveries at once, the second insert fails, is retried and finds it.
        var marker = await RowLocks.LoadForUpdateAsync<ChatTopicMarker>(session, command.MoveId, cancellationToken);
        if (marker is not null)
        {
            await bus.PublishAsync(marker.Started());
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        try
        {
            var started = await StartTopic.StartForMemberAsync(session, bus, command.StartedByMemberId,
                new StartTopic.Command(TopicKind.Discussion, command.Title, command.Body, null, ["chat"], null) { GroupId = command.GroupId },
                clock, markdown, configuration, cancellationToken);
            marker = new ChatTopicMarker
            {
                Id = command.MoveId, GroupId = command.GroupId, TopicId = started.TopicId, TopicNumber = started.Number, Title = command.Title.Trim(),
                Path = started.Path, StartedAt = clock.GetUtcNow(),
            };
            session.Insert(marker);
            await bus.PublishAsync(marker.Started());
        }
        catch (ProblemException problem)
        {
            var reason = problem.Detail ?? problem.Errors?.Values.SelectMany(e => e).FirstOrDefault() ?? problem.Title;
            await bus.PublishAsync(new ChatTopicRefused(command.MoveId, command.GroupId, reason));
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
