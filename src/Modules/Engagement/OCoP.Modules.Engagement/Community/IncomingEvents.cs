using OCoP.Modules.Discussions.Contracts;

namespace OCoP.Modules.Engagement.Community;

/// <summary>
/// An integration event this module cannot use, such as one missing its group or link. No retry can mend it, so the
/// host's policy (EngagementModule) moves it to Wolverine's dead-letter queue at once, with this message, and the
/// queue goes on with the next event.
/// </summary>
internal sealed class MalformedEventException(string message) : Exception(message);

/// <summary>The checks every handler runs on another module's event before using it.</summary>
internal static class IncomingEvents
{
    public static void Check(TopicCreated created) =>
        Require(created, created.GroupId != Guid.Empty && created.TopicId != Guid.Empty && created.AuthorId != Guid.Empty &&
                         IsSitePath(created.Path) && !string.IsNullOrWhiteSpace(created.Title),
            "needs a group, a topic, an author, a title and a site-relative path");

    public static void Check(PostCreated created) =>
        Require(created, created.GroupId != Guid.Empty && created.TopicId != Guid.Empty && created.PostId != Guid.Empty &&
                         created.AuthorId != Guid.Empty && created.PostNumber > 0 && IsSitePath(created.Path) && created.Mentions is not null,
            "needs a group, a topic, a post, an author, a post number, mentions and a site-relative path");

    private static bool IsSitePath(string? path) => path is ['/', not '/', ..];

    private static void Require(object message, bool valid, string what)
    {
        if (!valid)
        {
            throw new MalformedEventException($"Malformed {message.GetType().Name}: it {what}. Received: {message}");
        }
    }
}
