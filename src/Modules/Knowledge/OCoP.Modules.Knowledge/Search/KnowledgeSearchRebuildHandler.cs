using Marten;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.Search;

/// <summary>
/// Rebuilding the search index (docs/adr/0032): publishes again every wiki page, published blog post and resource, group
/// by group, in the handler's one outboxed transaction (like Discussions' rebuild). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class KnowledgeSearchRebuildHandler
{
    public static async Task Handle(SearchIndexRebuildRequested requested, IDocumentSession reading, IMessageBus bus, CancellationToken cancellationToken)
    {
        var groups = await reading.Query<GroupFacts>().ToListAsync(cancellationToken);
        foreach (var group in groups.Where(g => g.IsKnown))
        {
            var groupId = group.Id;
            foreach (var page in await reading.Query<WikiPage>().Where(p => p.GroupId == groupId).ToListAsync(cancellationToken))
            {
                await bus.PublishAsync(WikiSearch.Changed(page, group.Slug, requested.RequestedAt));
            }

            foreach (var post in await reading.Query<BlogPost>().Where(p => p.GroupId == groupId && p.State == BlogPostState.Published).ToListAsync(cancellationToken))
            {
                await BlogPublishing.IndexAsync(bus, post, group.Slug, requested.RequestedAt);
            }

            foreach (var resource in await reading.Query<Resource>().Where(r => r.GroupId == groupId).ToListAsync(cancellationToken))
            {
                await ResourceAccess.IndexAsync(bus, resource, group.Slug, requested.RequestedAt);
            }
        }
    }
}
