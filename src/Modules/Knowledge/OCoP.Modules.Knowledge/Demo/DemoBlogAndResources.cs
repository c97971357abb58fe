using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Demo;

/// <summary>
/// The demo blog and resource directory of Career Guidance Practitioners (<c>Demo:Seed</c>): two published posts with
/// comments (one a reply), a draft, and ten resources of several kinds with ratings, one vetted and one flagged. It waits
/// until this module knows the group and its members; it writes nothing when the group's blog has posts.
/// </summary>
internal sealed class DemoBlogAndResources(IServiceScopeFactory scopes, ILogger<DemoBlogAndResources> logger) : BackgroundService
{
    private const string Careers = "career-guidance-practitioners";
    private static readonly string[] Handles = ["amara_okafor", "elena_rossi", "dev_patel"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!await ReadyAsync(stoppingToken))
            {
                if (DateTime.UtcNow > deadline)
                {
                    logger.LogWarning("The demo group did not arrive in time; no demo blog or resources were written");
                    return;
                }

                await Task.Delay(250, stoppingToken);
            }

            await SeedAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not seed the demo blog and resources");
        }
    }

    private async Task<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await using var session = scope.ServiceProvider.GetRequiredService<IKnowledgeStore>().QuerySession();
        return await session.Query<GroupFacts>().AnyAsync(g => g.Slug == Careers, cancellationToken) &&
               await session.Query<MemberFacts>().CountAsync(m => m.Handle.IsOneOf(Handles), cancellationToken) == Handles.Length;
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        var markdown = services.GetRequiredService<MarkdownRenderer>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IKnowledgeStore>>().OpenSession(bus);
        var group = await session.Query<GroupFacts>().SingleAsync(g => g.Slug == Careers, cancellationToken);
        if (await session.Query<BlogPost>().AnyAsync(p => p.GroupId == group.Id, cancellationToken))
        {
            return;
        }

        var who = (await session.Query<MemberFacts>().Where(m => m.Handle.IsOneOf(Handles)).ToListAsync(cancellationToken)).ToDictionary(m => m.Handle, m => m.Id);
        var (amara, elena, dev) = (who["amara_okafor"], who["elena_rossi"], who["dev_patel"]);

        async Task<BlogPost> PostAsync(string title, string body, Guid author, DateTimeOffset at, bool publish = true)
        {
            var post = new BlogPost
            {
                Id = Guid.CreateVersion7(), GroupId = group.Id, AuthorId = author, Title = title, Source = body, Html = markdown.ToSafeHtml(body),
                State = BlogPostState.Draft, CreatedAt = at, UpdatedAt = at,
            };
            session.Store(post);
            if (publish)
            {
                await BlogPublishing.PublishAsync(session, bus, post, group.Slug, at);
            }

            return post;
        }

        void Comment(BlogPost post, Guid author, string body, DateTimeOffset at, BlogComment? parent = null, List<BlogComment>? into = null)
        {
            var comment = new BlogComment
            {
                Id = Guid.CreateVersion7(), PostId = post.Id, GroupId = group.Id, ParentId = parent?.Id, AuthorId = author, Source = body,
                Html = markdown.ToSafeHtml(body), At = at,
            };
            comment.Key = BlogPost.KeyFor(at, comment.Id);
            post.CommentCount++;
            session.Store(comment);
            session.Store(post);
            into?.Add(comment);
        }

        var clinic = await PostAsync("What we learnt from six months of case clinics",
            "Six clinics, eighteen cases. Three things stood out:\n\n1. **Listening first** changed the questions we asked.\n" +
            "2. Anonymising cases took less time once we used the [checklist](/groups/career-guidance-practitioners/wiki/ethics-and-confidentiality).\n" +
            "3. Newcomers presented more often when they could present in pairs.", elena, now.AddDays(-12));
        var thread = new List<BlogComment>();
        Comment(clinic, dev, "Presenting in pairs helped me a lot: thank you for trying it.", now.AddDays(-11), into: thread);
        Comment(clinic, elena, "Glad it helped. Shall we make it the default?", now.AddDays(-11).AddHours(3), parent: thread[0]);
        Comment(clinic, amara, "Could we add the clinic dates to the group calendar?", now.AddDays(-10));
        await PostAsync("Labour-market data for 2027: first look", "The new regional figures are out. Highlights for advisers in the wiki soon.",
            amara, now.AddDays(-3));
        await PostAsync("Notes from the spring conference", "Draft: still collecting the slides.", dev, now.AddDays(-1), publish: false);

        Resource Add(ResourceKind kind, string title, string description, string? url, string[] tags, Guid by, int daysAgo, string audience = "Advisers",
            string level = "All levels")
        {
            var at = now.AddDays(-daysAgo);
            var resource = new Resource
            {
                Id = Guid.CreateVersion7(), GroupId = group.Id, Kind = kind, Title = title, Description = description, Url = url, Tags = [.. tags],
                Audience = audience, Level = level, SubmittedBy = by, SubmittedAt = at, UpdatedAt = at, LinkState = url is null ? LinkState.Working : LinkState.Unchecked,
            };
            resource.Key = Resource.KeyFor(at, resource.Id);
            session.Store(resource);
            return resource;
        }

        void Rate(Resource resource, Guid member, int stars, string review = "")
        {
            resource.Rate(null, stars);
            session.Store(new ResourceRating
            {
                Id = ResourceRating.IdFor(resource.Id, member), ResourceId = resource.Id, GroupId = group.Id, MemberId = member, Stars = stars, Review = review,
                At = now.AddDays(-1),
            });
        }

        var resources = new[]
        {
            Add(ResourceKind.Link, "National careers service", "The public service's job profiles and skills checks.", "https://nationalcareers.service.gov.uk/",
                ["labour-market", "job-profiles"], amara, 40),
            Add(ResourceKind.Syllabus, "Career guidance practice: a one-term syllabus", "Twelve sessions from first interview to referral.",
                "https://example.org/syllabus/career-guidance", ["training", "interviews"], elena, 35, "New practitioners", "Beginner"),
            Add(ResourceKind.LessonPlan, "Lesson plan: reading a job advert", "A 50-minute session for school leavers.", "https://example.org/lessons/job-adverts",
                ["schools"], dev, 30, "Teachers", "Beginner"),
            Add(ResourceKind.CoursePathway, "From adviser to senior practitioner", "The courses and supervised hours that lead to the senior grade.",
                "https://example.org/pathways/senior-practitioner", ["training", "progression"], amara, 28, "Advisers", "Intermediate"),
            Add(ResourceKind.CaseStudy, "Case study: a career change at fifty", "An anonymised case from our clinic, with what worked.", null,
                ["clinic", "career-change"], elena, 20),
            Add(ResourceKind.Document, "Referral form template", "The form we use to refer clients to training providers.",
                "https://example.org/templates/referral-form", ["referrals"], dev, 18),
            Add(ResourceKind.Link, "Regional labour-market dashboard", "Vacancies and wages by region, updated monthly.", "https://example.org/dashboards/labour-market",
                ["labour-market"], amara, 15),
            Add(ResourceKind.Other, "Podcast: the adviser's week", "Practitioners talk about their working week.", "https://example.org/podcasts/advisers-week",
                ["listening"], dev, 12, "Everyone"),
            Add(ResourceKind.Link, "Interview question bank (2019)", "Questions for first interviews.", "https://example.org/old/interview-questions",
                ["interviews"], elena, 10),
            Add(ResourceKind.CaseStudy, "Case study: returning to work after caring", "What the client needed first: confidence, then a plan.", null,
                ["clinic", "returners"], amara, 5),
        };
        Rate(resources[0], elena, 5, "The first place I look.");
        Rate(resources[0], dev, 4);
        Rate(resources[1], amara, 5, "Clear and well paced.");
        Rate(resources[1], dev, 4, "Session 7 could be longer.");
        Rate(resources[2], elena, 4);
        Rate(resources[4], dev, 5, "Very close to what I see.");
        Rate(resources[6], elena, 3, "Useful, but the regions are coarse.");
        Rate(resources[8], amara, 2, "Dated questions.");

        // Vetted by the group's domain expert; flagged as outdated by a member.
        (resources[1].Vetted, resources[1].VettedBy, resources[1].VettedAt) = (true, amara, now.AddDays(-20));
        resources[8].Concerns.Add(new ResourceConcern(Guid.CreateVersion7(), ConcernKind.Outdated, "Written before the 2024 guidance.", dev, now.AddDays(-2)));
        foreach (var resource in resources)
        {
            session.Store(resource);
            var path = ResourcePaths.Resource(group.Slug, resource.Id);
            await bus.PublishAsync(new ResourceAdded(group.Id, resource.Id, resource.Title, resource.Kind.ToString(), resource.SubmittedBy, path, resource.SubmittedAt));
            await ResourceAccess.IndexAsync(bus, resource, group.Slug, now);
        }

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo blog and resources seeded");
    }
}
