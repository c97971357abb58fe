using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Persistence;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Demo;

/// <summary>
/// Conversations for the demo community (<c>Demo:Seed</c>): a pinned announcement, an answered question with a quote
/// and a mention, a poll, and a members-only thread. The forum learns the demo groups from Membership's events, so
/// this waits until they have arrived. It recognises its own topics by the welcome announcement's title and writes
/// nothing when that is there; other topics (the Events demo's reflection topic, which may arrive first or later) only
/// move the demo topics' numbers.
/// </summary>
internal sealed class DemoDiscussions(IServiceScopeFactory scopes, ILogger<DemoDiscussions> logger) : BackgroundService
{
    private const string Careers = "career-guidance-practitioners";
    private const string Science = "inquiry-science-teachers";
    private static readonly string[] Handles = ["amara_okafor", "elena_rossi", "dev_patel", "ben_carter", "chloé_martin"];

    /// <summary>The demo's first topic in the Careers forum: written in the same transaction as all the others.</summary>
    internal const string WelcomeTitle = "Welcome to the case clinic";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!await ReadyAsync(stoppingToken))
            {
                if (DateTime.UtcNow > deadline)
                {
                    logger.LogWarning("The demo groups did not reach the forum in time; no demo discussions were written");
                    return;
                }

                await Task.Delay(250, stoppingToken);
            }

            // Another writer may start the same forum document or take the same topic number at once (the reflection
            // topic): the loser's transaction fails whole and runs again, finding the demo topics there or not.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SeedAsync(stoppingToken);
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException && attempt < 5)
                {
                    logger.LogInformation(exception, "Seeding the demo discussions failed (attempt {Attempt}); trying again", attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), stoppingToken);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not seed the demo discussions");
        }
    }

    private async Task<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await using var session = scope.ServiceProvider.GetRequiredService<IDiscussionsStore>().QuerySession();
        var groups = await session.Query<GroupFacts>().Where(g => g.Slug == Careers || g.Slug == Science).ToListAsync(cancellationToken);
        if (groups.Count < 2)
        {
            return false;
        }

        var ids = groups.Select(g => g.Id).ToArray();
        var members = await session.Query<MembershipFacts>().CountAsync(m => m.GroupId.IsOneOf(ids) && m.Active, cancellationToken);
        var authors = await session.Query<MemberFacts>().CountAsync(a => a.Handle.IsOneOf(Handles), cancellationToken);
        return members >= 6 && authors == Handles.Length;
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        var markdown = services.GetRequiredService<MarkdownRenderer>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IDiscussionsStore>>().OpenSession(bus);
        // The forums' own documents may not exist yet (no event needed them): locked, or inserted here (of two inserts at
        // once the loser fails and the whole seeding runs again).
        var started = new HashSet<Guid>();
        async Task<ForumGroup> ForumAsync(string slug)
        {
            var id = await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken);
            var forum = await RowLocks.LoadForUpdateAsync<ForumGroup>(session, id, cancellationToken);
            if (forum is null)
            {
                started.Add(id);
            }

            return forum ?? new ForumGroup { Id = id };
        }

        // The Careers forum is locked first (always in this order), so no topic can be started there until this commits.
        var careers = await ForumAsync(Careers);
        if (await session.Query<Topic>().AnyAsync(t => t.GroupId == careers.Id && t.Title == WelcomeTitle, cancellationToken))
        {
            return;
        }

        var science = await ForumAsync(Science);
        string SlugOf(ForumGroup group) => group.Id == careers.Id ? Careers : Science;
        var who = (await session.Query<MemberFacts>().Where(a => a.Handle.IsOneOf(Handles)).ToListAsync(cancellationToken)).ToDictionary(a => a.Handle, a => a.Id);
        var (amara, elena, dev, ben, chloe) = (who["amara_okafor"], who["elena_rossi"], who["dev_patel"], who["ben_carter"], who["chloé_martin"]);

        var clinic = new Category(Guid.CreateVersion7(), "Case clinic", "case-clinic", "Anonymised cases, brought for advice.", 0);
        var tools = new Category(Guid.CreateVersion7(), "Tools and data", "tools-and-data", "Labour-market sources and guidance tools.", 1);
        careers.Categories = [.. careers.Categories.Where(c => c.Slug != clinic.Slug && c.Slug != tools.Slug), clinic, tools];
        careers.AutoCloseAfterIdleDays = 60;

        async Task<(Topic Topic, Post First)> TopicAsync(ForumGroup group, Guid author, TopicKind kind, string title, string body, DateTimeOffset at, Category? category,
            string[] tags)
        {
            group.LastTopicNumber++;
            var topic = new Topic
            {
                Id = Guid.CreateVersion7(), GroupId = group.Id, Number = group.LastTopicNumber, Kind = kind, Title = title, CategoryId = category?.Id,
                Tags = [.. tags], AuthorId = author, CreatedAt = at, LastPostNumber = 0, Pinned = kind == TopicKind.Announcement,
            };
            return (topic, await PostAsync(group, topic, author, body, at, null, null));
        }

        async Task<Post> PostAsync(ForumGroup group, Topic topic, Guid author, string body, DateTimeOffset at, Post? parent, Post? quoted)
        {
            var mentioned = await Posting.ResolveMentionsAsync(session, group.Id, author, body, cancellationToken);
            var number = ++topic.LastPostNumber;
            var post = new Post
            {
                Id = Guid.CreateVersion7(), TopicId = topic.Id, GroupId = group.Id, Number = number, AuthorId = author, CreatedAt = at, Source = body,
                Html = Posting.Render(markdown, body, mentioned), ReplyToNumber = parent?.Number, ReplyToAuthorId = parent?.AuthorId,
                Quote = quoted is null ? null : Posting.QuoteOf(markdown, quoted, null), Mentions = [.. mentioned.MemberIds],
                ThreadPath = (parent?.ThreadPath ?? (number == 1 ? "" : Post.Step(1))) + Post.Step(number),
            };
            topic.ReplyCount = number - 1;
            topic.LastPostAt = at;
            topic.LastPosterId = author;
            session.Store(post);
            session.Store(topic.Indexed());
            var path = Topic.PathFor(SlugOf(group), topic.Number, number);
            if (number == 1)
            {
                await bus.PublishAsync(new TopicCreated(group.Id, topic.Id, topic.Number, topic.Kind, topic.Title, author, topic.CategoryId, topic.Tags,
                    Topic.PathFor(SlugOf(group), topic.Number), at));
            }

            await bus.PublishAsync(new PostCreated(group.Id, topic.Id, topic.Number, topic.Title, post.Id, number, author, post.Mentions,
                number == 1 ? null : parent?.Number ?? 1, parent?.AuthorId ?? (number == 1 ? null : topic.AuthorId), quoted?.AuthorId, path, at));
            await bus.PublishAsync(Search.DiscussionsSearchFeed.Changed(topic, post, SlugOf(group), at));
            return post;
        }

        await TopicAsync(careers, amara, TopicKind.Announcement, WelcomeTitle,
            "This forum runs all month between our clinics. **Bring a case**, anonymised, and ask for what you need: ideas, sources, a second view.\n\n" +
            "Please read the code of conduct first; @facilitators are here to help.", now.AddDays(-20), clinic, ["welcome"]);

        var (question, first) = await TopicAsync(careers, dev, TopicKind.Question, "Which labour-market sources do you trust for adult career changers?",
            "A client in her forties wants to move from retail into IT support. Which sources give realistic local demand and pay?", now.AddDays(-6), tools,
            ["labour market", "career change"]);
        var answer = await PostAsync(careers, question, elena,
            "Start with the national statistics office's vacancy data by region, then check two or three local job boards for the actual job titles. " +
            "Employers' entry requirements often differ from the official descriptions.", now.AddDays(-5), null, null);
        await PostAsync(careers, question, amara, "Good advice. @dev_patel, the local job boards also show which certificates are asked for most.",
            now.AddDays(-4), answer, answer);
        await PostAsync(careers, question, dev, "Thank you both: we mapped three entry routes together this week.", now.AddDays(-3), first, null);
        question.AcceptedPostNumber = answer.Number;
        session.Store(question.Indexed());

        var (scheduling, _) = await TopicAsync(careers, elena, TopicKind.Discussion, "When shall we hold the next case clinic?",
            "Vote below; the poll closes in a week.", now.AddDays(-1), clinic, ["clinic"]);
        var poll = new Poll
        {
            Id = Guid.CreateVersion7(), TopicId = scheduling.Id, GroupId = careers.Id, Question = "Next clinic", Options = ["Tuesday evening", "Thursday lunchtime",
                "Saturday morning"],
            ClosesAt = now.AddDays(6), Counts = [1, 1, 0], Voters = 2,
        };
        scheduling.PollId = poll.Id;
        session.Store(poll);
        session.Store(scheduling.Indexed());
        session.Store(new PollVote { Id = PollVote.IdFor(poll.Id, amara), PollId = poll.Id, MemberId = amara, Choices = [0], At = now.AddHours(-20) });
        session.Store(new PollVote { Id = PollVote.IdFor(poll.Id, dev), PollId = poll.Id, MemberId = dev, Choices = [1], At = now.AddHours(-10) });
        await bus.ScheduleAsync(new PollClosingHandler.PollCloseDue(poll.Id), poll.ClosesAt.Value);
        RowLocks.Save(session, careers, started.Contains(careers.Id));

        var (lesson, _) = await TopicAsync(science, chloe, TopicKind.Discussion, "An observation protocol for inquiry lessons",
            "For our next lesson-study cycle I propose we note **who asks the questions**, minute by minute. Thoughts?", now.AddDays(-2), null, ["observation"]);
        await PostAsync(science, lesson, ben, "Yes, and the kind of question: procedural or about the phenomenon.", now.AddDays(-2).AddHours(3), null, null);
        RowLocks.Save(session, science, started.Contains(science.Id));

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo discussions seeded");
    }
}
