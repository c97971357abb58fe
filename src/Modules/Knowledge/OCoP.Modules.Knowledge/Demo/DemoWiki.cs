using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Demo;

/// <summary>
/// The demo wiki of Career Guidance Practitioners (<c>Demo:Seed</c>): seven pages in two levels, one protected, one
/// stale, one captured from the demo forum's answered question, one with a red link. It waits until this module knows
/// the group and its members and Discussions answers for the question; it writes nothing when the wiki has pages.
/// </summary>
internal sealed class DemoWiki(IServiceScopeFactory scopes, ILogger<DemoWiki> logger) : BackgroundService
{
    private const string Careers = "career-guidance-practitioners";
    // DemoDiscussions' answered question. Found by its title: its number depends on whether the Events demo's reflection
    // topic reached the forum first.
    private const string DemoQuestionTitle = "Which labour-market sources do you trust for adult career changers?";
    private const int TopicsLookedAt = 10; // the demo's three topics and the reflection topic, with room to spare
    private static readonly string[] Handles = ["amara_okafor", "elena_rossi", "dev_patel"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            TopicForCapture? question;
            while ((question = await ReadyAsync(stoppingToken)) is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    logger.LogWarning("The demo group or its discussions did not arrive in time; no demo wiki was written");
                    return;
                }

                await Task.Delay(250, stoppingToken);
            }

            await SeedAsync(question, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not seed the demo wiki");
        }
    }

    private async Task<TopicForCapture?> ReadyAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await using var session = scope.ServiceProvider.GetRequiredService<IKnowledgeStore>().QuerySession();
        var group = await session.Query<GroupFacts>().FirstOrDefaultAsync(g => g.Slug == Careers, cancellationToken);
        if (group is null || await session.Query<MemberFacts>().CountAsync(m => m.Handle.IsOneOf(Handles), cancellationToken) < Handles.Length)
        {
            return null;
        }

        // Discussions answers by number only: the forum's first topics are asked in turn, up to the first number not taken.
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        for (var number = 1; number <= TopicsLookedAt; number++)
        {
            var topic = await bus.InvokeAsync<TopicForCapture>(new GetTopicForCapture(group.Id, number, AcceptedAnswerOnly: true), cancellationToken);
            if (topic.Posts is null)
            {
                return null;
            }

            if (topic.Title == DemoQuestionTitle)
            {
                return topic.Posts.Any(p => p.IsAcceptedAnswer) ? topic : null;
            }
        }

        return null;
    }

    private async Task SeedAsync(TopicForCapture question, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        var markdown = services.GetRequiredService<MarkdownRenderer>();
        var options = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IKnowledgeStore>>().OpenSession(bus);
        var facts = await session.Query<GroupFacts>().SingleAsync(g => g.Slug == Careers, cancellationToken);
        if (await session.Query<WikiPage>().AnyAsync(p => p.GroupId == facts.Id, cancellationToken))
        {
            return;
        }

        var group = GroupViewer.Of(facts, null, null, isSiteAdministrator: false);
        var people = await session.Query<MemberFacts>().Where(m => m.Handle.IsOneOf(Handles)).ToListAsync(cancellationToken);
        var who = people.ToDictionary(m => m.Handle, m => m.Id);
        var (amara, elena, dev) = (who["amara_okafor"], who["elena_rossi"], who["dev_patel"]);
        var positions = new Dictionary<Guid, int>();

        async Task<WikiPage> PageAsync(string title, string body, WikiPage? parent, Guid author, DateTimeOffset at, bool isProtected = false,
            Guid? capturedFrom = null)
        {
            var key = parent?.Id ?? Guid.Empty;
            positions[key] = positions.GetValueOrDefault(key) + 1;
            var page = new WikiPage
            {
                Id = Guid.CreateVersion7(), GroupId = facts.Id, ParentId = parent?.Id, AncestorIds = parent is null ? [] : [.. parent.AncestorIds, parent.Id],
                Position = positions[key] - 1, Protected = isProtected, CreatedAt = at, CreatedBy = author, CapturedFromTopicId = capturedFrom,
            };
            await WikiWriting.WriteAsync(session, bus, markdown, options, group, page, title, body, author, at, "Created the page", merged: false,
                revertedFrom: null, cancellationToken);
            return page;
        }

        var handbook = await PageAsync("Career guidance handbook",
            "What this group agrees on, kept by its domain experts.\n\n## Interviews\n\nStart with [[First interviews]].\n\n## Sources\n\n" +
            "See [[Labour-market sources]].\n\n## Ethics\n\nRead [[Ethics and confidentiality]] before your first case.",
            null, amara, now.AddDays(-30), isProtected: true);
        var interviews = await PageAsync("First interviews", "Open with what the client wants to leave with today.\n\nListen more than you talk.",
            handbook, elena, now.AddDays(-25));
        await WikiWriting.WriteAsync(session, bus, markdown, options, group, interviews, interviews.Title,
            interviews.Source + "\n\nEnd with one concrete next step the client chose.", dev, now.AddDays(-10), "Add the closing step", merged: false,
            revertedFrom: null, cancellationToken);
        var names = people.ToDictionary(m => m.Id, m => m.Name);
        await PageAsync("Labour-market sources",
            CapturePage.CapturedText(question, question.Posts!, id => names.GetValueOrDefault(id, MemberNames.FormerMember), $"/groups/{Careers}/topics/{question.TopicNumber}",
                now.AddDays(-2)),
            handbook, amara, now.AddDays(-2), capturedFrom: question.TopicId);
        await PageAsync("Ethics and confidentiality", "Anonymise every case you bring to the clinic: no names, no employers, no dates.", handbook, amara,
            now.AddDays(-20));
        var clinic = await PageAsync("Clinic practice", "How our monthly case clinic runs.", null, elena, now.AddDays(-28));
        // Written long ago and never reviewed since: listed as stale for the group's curators.
        await PageAsync("Running a case clinic", "One case per half hour; the presenter listens first, then answers questions.", clinic, elena,
            now.AddDays(-(options.ReviewAfterDays + 20)));
        await PageAsync("Referral directory", "Where we send clients: [[Local training providers]] (not written yet) and the national helpline.", clinic,
            dev, now.AddDays(-8));

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo wiki seeded");
    }
}
