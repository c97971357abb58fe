using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Access;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>One topic and its posts, drawn from the topic's own seed and rendered as the forum renders them.</summary>
internal sealed record TopicContent(TopicPlan Plan, Topic Topic, IReadOnlyList<Post> Posts)
{
    private static readonly IReadOnlyDictionary<string, Guid> NoLinks = new Dictionary<string, Guid>();

    public static TopicContent Draw(CommunityPlan plan, TopicPlan topicPlan, MarkdownRenderer markdown)
    {
        var random = new Random(plan.TopicSeed(topicPlan.Index));
        var group = plan.Groups[topicPlan.Group];
        var members = plan.MembersOfGroup[topicPlan.Group];
        var count = topicPlan.PostCount;
        // Replies arrive at random (exponential gaps) between the topic's start and the end of generated time.
        var meanGap = Math.Min(TimeSpan.FromHours(12).Ticks, (CommunityPlan.Anchor.AddHours(-1) - topicPlan.StartAt).Ticks / (count + 1));
        var at = topicPlan.StartAt;
        var posts = new List<Post>(count);
        for (var number = 1; number <= count; number++)
        {
            if (number > 1)
            {
                at = at.AddTicks(Math.Max(TimeSpan.TicksPerSecond, (long)(-Math.Log(1 - random.NextDouble()) * meanGap)));
                // Generated time ends at the anchor: a topic that would run past it gets its last replies a second apart.
                var latest = CommunityPlan.Anchor.AddSeconds(number - count);
                at = at > latest ? posts[^1].CreatedAt.AddSeconds(1) : at;
            }

            var author = number == 1 || random.NextDouble() < 0.25 ? topicPlan.Author : members.Pick(random);
            var authorId = plan.Members[author].Id;
            var parent = number > 2 && random.NextDouble() < 0.3 ? posts[random.Next(1, number - 1)] : number > 1 ? posts[0] : null;
            var quoted = number > 2 && random.NextDouble() < 0.08 ? posts[random.Next(0, number - 1)] : null;
            var mentionedMember = random.NextDouble() < 0.06 ? members.Indexes[random.Next(members.Indexes.Length)] : -1;
            var mention = mentionedMember >= 0 && mentionedMember != author ? plan.Members[mentionedMember] : null;

            var source = Words.Post(random, mention?.Handle);
            var mentioned = mention is null
                ? new Mentioned([], NoLinks)
                : new Mentioned([mention.Id], new Dictionary<string, Guid> { [mention.Handle] = mention.Id });
            var html = Posting.Render(markdown, source, mentioned);
            var reactions = random.NextDouble() < 0.15
                ? Enumerable.Range(0, random.Next(1, 5)).Select(_ => plan.Members[members.Pick(random)].Id).Where(id => id != authorId).Distinct()
                    .Select(id => new Reaction("like", id, at.AddMinutes(5))).ToList()
                : [];
            var replyingToPost = parent is { Number: > 1 };
            posts.Add(new Post
            {
                Id = CommunityPlan.NewGuid(random),
                TopicId = topicPlan.Id,
                GroupId = group.Id,
                Number = number,
                AuthorId = authorId,
                CreatedAt = at,
                Source = source,
                Html = html,
                ReplyToNumber = replyingToPost ? parent!.Number : null,
                ReplyToAuthorId = replyingToPost ? parent!.AuthorId : null,
                Quote = quoted is null ? null : Posting.QuoteOf(markdown, quoted, null),
                ThreadPath = (parent?.ThreadPath ?? "") + Post.Step(number),
                Mentions = mention is null ? [] : [mention.Id],
                Links = Posting.CountLinks(html),
                Reactions = reactions,
                ReactionCounts = reactions.Count == 0 ? [] : new Dictionary<string, int> { ["like"] = reactions.Count },
            });
        }

        var last = posts[^1];
        var accepted = topicPlan.Kind == TopicKind.Question && count > 1 && random.NextDouble() < 0.5 ? random.Next(2, count + 1) : (int?)null;
        var topic = new Topic
        {
            Id = topicPlan.Id,
            GroupId = group.Id,
            Number = topicPlan.Number,
            Kind = topicPlan.Kind,
            Title = topicPlan.Title,
            Tags = [.. topicPlan.Tags],
            AuthorId = plan.Members[topicPlan.Author].Id,
            CreatedAt = topicPlan.StartAt,
            LastPostNumber = count,
            LastPostAt = last.CreatedAt,
            LastPosterId = last.AuthorId,
            ReplyCount = count - 1,
            AcceptedPostNumber = accepted,
        }.Indexed();
        return new TopicContent(topicPlan, topic, posts);
    }
}
