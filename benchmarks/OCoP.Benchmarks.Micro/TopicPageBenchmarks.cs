using OCoP.Modules.Membership.Access;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Benchmarks.Micro;

/// <summary>
/// The in-memory half of reading a topic page (<see cref="ReadTopic.Handler"/> after its batch query and the names):
/// every post turned into what the viewer may see, the topic's header, the page. The database is left out on purpose,
/// so this shows what the page costs in CPU and allocations on top of its round trips.
/// </summary>
[MemoryDiagnoser]
public class TopicPageBenchmarks // public and unsealed: BenchmarkDotNet derives its runner from this class
{
    private const int MembersInThread = 12;
    private const int AcceptedAnswerNumber = 4;

    // The viewer is a contributor of the group, so the page shows their reactions, their own posts' sources and edit rights.
    private ForumContext context = null!;
    private Topic topic = null!;
    private List<Post> pagePosts = null!;
    private Post acceptedAnswer = null!;
    private Poll poll = null!;
    private PollVote viewersVote = null!;
    private Names names = null!;
    private DateTimeOffset now;
    private int lastReadPostNumber;

    /// <summary>A full page of the default size and one of the largest a client may ask for.</summary>
    [Params(ReadTopic.DefaultPageSize, ReadTopic.MaxPageSize)]
    public int PostsOnPage { get; set; }

    [GlobalSetup]
    public void CreateTopicInMemory()
    {
        now = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
        var forum = new ForumGroup { Id = Guid.NewGuid(), LastTopicNumber = 42 };
        var group = new GroupFacts { Id = forum.Id, Slug = "platform-engineering", Name = "Platform Engineering", Visibility = GroupVisibility.MembersOnly };
        var members = Enumerable.Range(0, MembersInThread).Select(_ => Guid.NewGuid()).ToArray();
        var viewer = members[^1]; // not the asker, so the page shows them as a plain contributor
        var membership = new MembershipFacts
        {
            Id = MembershipFacts.IdFor(group.Id, viewer),
            GroupId = group.Id,
            MemberId = viewer,
            Active = true,
            Roles = [GroupRole.Contributor],
            JoinedAt = now.AddYears(-1),
        };
        context = new ForumContext(GroupViewer.Of(group, membership, viewer, isSiteAdministrator: false), forum);
        names = new Names(members.Select((id, i) => (id, name: $"Member {i + 1}")).ToDictionary(m => m.id, m => m.name));

        // Everything the page can show at once: a question with an accepted answer and a poll the viewer voted in.
        var pollId = Guid.NewGuid();
        topic = new Topic
        {
            Id = Guid.NewGuid(),
            GroupId = group.Id,
            Number = 42,
            Kind = TopicKind.Question,
            Title = "Retries and timeouts behind the shared gateway",
            Tags = ["gateway", "retries", "timeouts"],
            AuthorId = members[0],
            CreatedAt = now.AddDays(-30),
            LastPostNumber = 240,
            LastPostAt = now.AddHours(-2),
            LastPosterId = members[5],
            ReplyCount = 237,
            AcceptedPostNumber = AcceptedAnswerNumber,
            PollId = pollId,
        };
        poll = new Poll
        {
            Id = pollId,
            TopicId = topic.Id,
            GroupId = group.Id,
            Question = "Which retry policy do you use?",
            Options = ["None", "Fixed delay", "Exponential backoff", "Exponential backoff with jitter"],
            ClosesAt = now.AddDays(7),
            Counts = [3, 5, 11, 19],
            Voters = 38,
        };
        viewersVote = new PollVote { Id = PollVote.IdFor(poll.Id, viewer), PollId = poll.Id, MemberId = viewer, Choices = [3], At = now.AddDays(-2) };
        lastReadPostNumber = PostsOnPage / 2;

        // Post HTML is stored rendered, so render the samples once rather than per post.
        var markdown = new MarkdownRenderer();
        var shortHtml = markdown.ToSafeHtml(SamplePosts.Short);
        var typicalHtml = markdown.ToSafeHtml(SamplePosts.Typical);
        pagePosts = [];
        for (var number = 1; number <= PostsOnPage; number++)
        {
            pagePosts.Add(PostOf(number, members, viewer, shortHtml, typicalHtml));
        }

        acceptedAnswer = pagePosts[AcceptedAnswerNumber - 1];
    }

    // Returns object: the page's types are internal to the module, and the runner BenchmarkDotNet generates can only
    // name public types.
    [Benchmark]
    public object AssembleTopicPage()
    {
        // The same steps, in the same order, as the end of ReadTopic.Handler for a chronological first page.
        var views = new PostViews(context, topic, names);
        var topicView = ReadTopic.TopicViewOf(context, topic, names, views.Of(acceptedAnswer),
            ReadTopic.PollViewOf(context, topic, poll, viewersVote, now));
        var pageCount = Math.Max(1, (topic.LastPostNumber + PostsOnPage - 1) / PostsOnPage);
        return new ReadTopic.TopicPage(topicView, pagePosts.Select(views.Of).ToList(), "chronological", 1, PostsOnPage, pageCount, null,
            lastReadPostNumber);
    }

    /// <summary>
    /// One post of a lively thread: every third answers the post before it, every seventh quotes one, half carry
    /// reactions (the viewer's among them on some), every fifth is the viewer's own, one is hidden and one deleted.
    /// </summary>
    private Post PostOf(int number, Guid[] members, Guid viewer, string shortHtml, string typicalHtml)
    {
        // The others take turns, starting with the asker (members[0]) on the opening post.
        var author = number % 5 == 0 ? viewer : members[(number - 1) % (members.Length - 1)];
        var replyTo = number > 2 && number % 3 == 0 ? pagePosts[number - 2] : null;
        var quoted = number > 2 && number % 7 == 0 ? pagePosts[number - 3] : null;
        var reactions = number % 2 == 0
            ? Enumerable.Range(0, 1 + number % 4)
                .Select(i => new Reaction(i % 2 == 0 ? "like" : "thanks", number % 4 == 0 && i == 0 ? viewer : members[(number + i) % members.Length],
                    now.AddMinutes(-number)))
                .ToList()
            : [];
        var typical = number % 4 != 1;
        return new Post
        {
            Id = Guid.NewGuid(),
            TopicId = topic.Id,
            GroupId = topic.GroupId,
            Number = number,
            AuthorId = author,
            CreatedAt = topic.CreatedAt.AddHours(number),
            Source = typical ? SamplePosts.Typical : SamplePosts.Short,
            Html = typical ? typicalHtml : shortHtml,
            EditedAt = number % 9 == 0 ? topic.CreatedAt.AddHours(number + 1) : null,
            Revision = number % 9 == 0 ? 2 : 1,
            ReplyToNumber = replyTo?.Number,
            ReplyToAuthorId = replyTo?.AuthorId,
            Quote = quoted is null ? null : new Quote(quoted.Number, quoted.AuthorId, SamplePosts.Short, shortHtml),
            ThreadPath = replyTo is null ? number == 1 ? Post.Step(1) : Post.Step(1) + Post.Step(number) : replyTo.ThreadPath + Post.Step(number),
            Reactions = reactions,
            ReactionCounts = reactions.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()),
            Hidden = number == 11,
            HiddenReason = number == 11 ? "Flagged by members, waiting for review." : null,
            Deleted = number == 13,
            DeletedReason = number == 13 ? "Spam." : null,
        };
    }
}
