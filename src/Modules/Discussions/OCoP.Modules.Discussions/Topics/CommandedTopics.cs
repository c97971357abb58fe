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
/// Where a topic another module commanded was started, keyed by the command's own key (an event's id, a chat move's id),
/// written in the same transaction as the topic, so a redelivered command finds it and only says again where the topic
/// is. One document type per command (<see cref="ReflectionTopicMarker"/>, <see cref="ChatTopicMarker"/>): their keys come
/// from different modules.
/// </summary>
internal abstract class CommandedTopicMarker
{
    /// <summary>The command's key.</summary>
    public Guid Id { get; set; }

    public Guid GroupId { get; set; }
    public Guid TopicId { get; set; }
    public int TopicNumber { get; set; }
    public string Title { get; set; } = "";
    public string Path { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>
/// A topic started because another module asked (docs/adr/0066, docs/adr/0071), once per key: started as the member the
/// command names through the same rules as a topic started over HTTP (<see cref="StartTopic.StartForMemberAsync"/>); a
/// member who may not post there, a read-only group or a limit refuses it (the command's "refused" reply, nothing
/// written). The marker, the topic and the reply commit together in the command's outbox.
/// </summary>
internal static class CommandedTopics
{
    /// <summary>
    /// A forum with no document yet is started by whoever writes first (ForumAccess stores a new one): when another writer
    /// took the same topic number at once, or two first deliveries of one command both insert the marker, the unique index
    /// fails this whole transaction, and the command runs again, now finding the row to lock.
    /// </summary>
    public static void RetryOnUniqueViolation(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException(IsUniqueViolation).RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));

    private static bool IsUniqueViolation(Exception exception) => exception switch
    {
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUniqueViolation),
        _ => exception.InnerException is { } inner && IsUniqueViolation(inner),
    };

    /// <summary>The topic a command asks for, as <paramref name="request"/> says; its reply from <paramref name="started"/> or <paramref name="refused"/>.</summary>
    public static async Task StartOnceAsync<TMarker>(Request request, Func<TMarker, object> started, Func<string, object> refused, IMessageContext bus,
        OutboxedSessionFactory<IDiscussionsStore> sessions, TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration,
        CancellationToken cancellationToken) where TMarker : CommandedTopicMarker, new()
    {
        await using var session = sessions.OpenSession(bus);
        // Locks the marker's row when it exists; of two first deliveries at once, the second insert fails, is retried and finds it.
        var marker = await RowLocks.LoadForUpdateAsync<TMarker>(session, request.Key, cancellationToken);
        if (marker is not null)
        {
            await bus.PublishAsync(started(marker));
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        try
        {
            var topic = await StartTopic.StartForMemberAsync(session, bus, request.StartedByMemberId,
                new StartTopic.Command(TopicKind.Discussion, request.Title, request.Body, null, [request.Tag], null) { GroupId = request.GroupId },
                clock, markdown, configuration, cancellationToken);
            marker = new TMarker
            {
                Id = request.Key, GroupId = request.GroupId, TopicId = topic.TopicId, TopicNumber = topic.Number, Title = request.Title.Trim(),
                Path = topic.Path, StartedAt = clock.GetUtcNow(),
            };
            session.Insert(marker);
            await bus.PublishAsync(started(marker));
        }
        catch (ProblemException problem)
        {
            var reason = problem.Detail ?? problem.Errors?.Values.SelectMany(e => e).FirstOrDefault() ?? problem.Title;
            await bus.PublishAsync(refused(reason));
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What to start: the command's key, where, as whom, and the tag that says where the topic came from.</summary>
    internal sealed record Request(Guid Key, Guid GroupId, Guid StartedByMemberId, string Title, string Body, string Tag);
}
