using Marten;
using OCoP.Modules.Discussions.Contracts;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// Answers <see cref="GetTopicForCapture"/> for the Knowledge module over this module's own documents: the opening post
/// and the accepted answer, or every visible post. Public for Wolverine (docs/adr/0001).
/// </summary>
public static class TopicCaptureHandler
{
    public static async Task<TopicForCapture> Handle(GetTopicForCapture query, IDiscussionsStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var topic = await session.Query<Topic>().FirstOrDefaultAsync(t => t.GroupId == query.GroupId && t.Number == query.TopicNumber, cancellationToken);
        if (topic is null || topic.Deleted)
        {
            return new TopicForCapture(Guid.Empty, query.TopicNumber, "", null, null);
        }

        var accepted = topic.AcceptedPostNumber ?? 0;
        var posts = query.AcceptedAnswerOnly
            ? await session.Query<Post>().Where(p => p.TopicId == topic.Id && (p.Number == 1 || p.Number == accepted)).OrderBy(p => p.Number)
                .ToListAsync(cancellationToken)
            : await session.Query<Post>().Where(p => p.TopicId == topic.Id).OrderBy(p => p.Number).Take(500).ToListAsync(cancellationToken);
        return new TopicForCapture(topic.Id, topic.Number, topic.Title, topic.AcceptedPostNumber,
            posts.Where(p => p.Visible).Select(p => new CapturedPost(p.Number, p.AuthorId, p.Source, p.Number == accepted)).ToList());
    }
}
