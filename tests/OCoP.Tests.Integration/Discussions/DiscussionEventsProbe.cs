using System.Collections.Concurrent;
using OCoP.Modules.Discussions.Contracts;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// A Wolverine subscriber to the Discussions module's integration events, in another assembly like any other module's
/// handler. It records what reached it per group, so a test reads the events of its own group only.
/// Included in every test host (OCoPApp).
/// </summary>
public static class DiscussionEventsProbe
{
    private static readonly ConcurrentDictionary<Guid, ConcurrentQueue<object>> Received = new();

    public static void Handle(TopicCreated message) => Record(message.GroupId, message);

    public static void Handle(PostCreated message) => Record(message.GroupId, message);

    public static void Handle(PostEdited message) => Record(message.GroupId, message);

    public static void Handle(PostHidden message) => Record(message.GroupId, message);

    public static void Handle(PostDeleted message) => Record(message.GroupId, message);

    public static void Handle(AnswerAccepted message) => Record(message.GroupId, message);

    public static void Handle(PollClosed message) => Record(message.GroupId, message);

    public static void Handle(ContentFlagged message) => Record(message.GroupId, message);

    public static void Handle(AuthorWarned message) => Record(message.GroupId, message);

    /// <summary>The events of type <typeparamref name="T"/> of one group that have arrived so far, in order of arrival.</summary>
    public static IReadOnlyList<T> All<T>(Guid groupId, Func<T, bool>? match = null) =>
        Received.TryGetValue(groupId, out var events) ? events.OfType<T>().Where(match ?? (_ => true)).ToList() : [];

    /// <summary>Waits for the first event of type <typeparamref name="T"/> of the group that matches.</summary>
    public static async Task<T> WaitForAsync<T>(Guid groupId, Func<T, bool> match)
    {
        await Eventually.TrueAsync(() => Task.FromResult(All(groupId, match).Count > 0), $"a matching {typeof(T).Name} of group {groupId}");
        return All(groupId, match)[0];
    }

    private static void Record(Guid groupId, object message) => Received.GetOrAdd(groupId, _ => new ConcurrentQueue<object>()).Enqueue(message);
}
