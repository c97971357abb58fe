using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Engagement.Contracts;

namespace OCoP.Modules.Discussions.Search;

/// <summary>
/// What the forum tells search (docs/search.md): a topic is its title and opening post, a reply is its text with the
/// topic's title as context. Published beside the forum's own events, in the same outboxed session. Hiding and deleting
/// reach search through <c>PostHidden</c>/<c>PostDeleted</c>, which Engagement already receives.
/// </summary>
internal static class DiscussionsSearchFeed
{
    public static SearchableContentChanged Changed(Topic topic, Post post, string groupSlug, DateTimeOffset changedAt) =>
        post.Number <= 1
            ? new SearchableContentChanged(SearchableKind.Topic, topic.Id, null, topic.GroupId, topic.AuthorId, topic.Title, post.Source, null,
                topic.Tags, Topic.PathFor(groupSlug, topic.Number), false, topic.CreatedAt, changedAt)
            : new SearchableContentChanged(SearchableKind.Post, post.Id, topic.Id, topic.GroupId, post.AuthorId, "", post.Source, topic.Title,
                topic.Tags, Topic.PathFor(groupSlug, topic.Number, post.Number), topic.AcceptedPostNumber == post.Number, post.CreatedAt, changedAt);
}
