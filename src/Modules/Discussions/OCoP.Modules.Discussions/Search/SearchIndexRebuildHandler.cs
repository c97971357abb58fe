using Marten;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Search;

/// <summary>
/// Rebuilding the search index from scratch (docs/adr/0032): publishes again every topic and post a member could find
/// (not deleted, not hidden), group by group, a hundred topics per read, all in the handler's one outboxed transaction.
/// A forum of millions of posts would page this into durable batch messages instead (docs/adr/0032). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class SearchIndexRebuildHandler
{
    private const int TopicsPerBatch = 100;

    public static async Task Handle(SearchIndexRebuildRequested requested, IDocumentSession reading, IMessageBus bus, CancellationToken cancellationToken)
    {
        var groups = await reading.Query<GroupFacts>().ToListAsync(cancellationToken);
        foreach (var group in groups.Where(g => g.IsKnown))
        {
            var after = 0;
            while (true)
            {
                var topics = await reading.Query<Topic>()
                    .Where(t => t.GroupId == group.Id && !t.Deleted && t.Number > after)
                    .OrderBy(t => t.Number).Take(TopicsPerBatch).ToListAsync(cancellationToken);
                if (topics.Count == 0)
                {
                    break;
                }

                var ids = topics.Select(t => t.Id).ToArray();
                var posts = await reading.Query<Post>().Where(p => ids.Contains(p.TopicId) && !p.Deleted && !p.Hidden).ToListAsync(cancellationToken);
                var byId = topics.ToDictionary(t => t.Id);
                foreach (var post in posts)
                {
                    await bus.PublishAsync(DiscussionsSearchFeed.Changed(byId[post.TopicId], post, group.Slug, requested.RequestedAt));
                }

                after = topics[^1].Number;
            }
        }
    }
}
