using System.Text;
using Marten;
using Weasel.Core;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Knowledge;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// Each group's wiki (two levels of pages linked with [[links]], every save a revision) and resource directory (ratings,
/// a few vetted or flagged), written as Knowledge's handlers write them. The main group's first page is the long-history
/// page of the wiki-read scenario: <see cref="DatasetSize.HotPageRevisions"/> revisions.
/// </summary>
internal static class KnowledgeContent
{
    private const int RowsPerCopy = 5_000;

    private static readonly string[] Headings = ["Why it matters", "What works", "What to avoid", "Examples from our practice", "Further reading"];

    private static readonly ResourceKind[] Kinds = Enum.GetValues<ResourceKind>();

    public sealed record Written(int Pages, int Revisions, int Resources, int Ratings, string HotPageSlug);

    public static async Task<Written> WriteAsync(CommunityPlan plan, IKnowledgeStore knowledge, StartStep startStep, CancellationToken cancellationToken)
    {
        var size = plan.Size;
        var random = new Random(plan.Seed + 1_300);
        var markdown = new MarkdownRenderer();
        var pageCount = plan.Groups.Count * size.WikiPagesPerGroup;
        // Every page has at least its first revision; the hot page has its own count; the rest are spread at random.
        var spare = Math.Max(0, size.WikiRevisions - size.HotPageRevisions - (pageCount - 1));
        var meanExtra = spare / Math.Max(1, pageCount - 1);
        var step = startStep("Wiki pages and revisions", pageCount);
        var pages = 0;
        var revisions = 0;
        string? hotSlug = null;
        foreach (var group in plan.Groups)
        {
            var members = plan.MembersOfGroup[group.Index];
            var titles = Enumerable.Range(0, size.WikiPagesPerGroup)
                .Select(i => $"{Words.Subjects[(group.Index + i) % Words.Subjects.Length]} {(i == 0 ? "handbook" : $"note {i}")}").ToList();
            var groupPages = new List<WikiPage>();
            var groupRevisions = new List<WikiRevision>();
            for (var i = 0; i < titles.Count; i++)
            {
                var hot = group.Index == 0 && i == 0;
                // The last page takes what is left, so the dataset holds exactly the revisions its size names.
                var last = group.Index == plan.Groups.Count - 1 && i == titles.Count - 1;
                var history = hot ? size.HotPageRevisions : 1 + Take(ref spare, last ? spare : random.Next(0, 2 * meanExtra + 1));
                // Pages 1-3 sit at the top with the handbook; the rest hang under them, two levels in all.
                var parent = i < 4 ? null : groupPages[1 + i % 3];
                var author = plan.Members[members.Pick(random)].Id;
                var at = group.CreatedAt.AddDays(1 + i);
                var paragraphs = Enumerable.Range(0, Headings.Length).Select(_ => Words.Post(random, null)).ToArray();
                var links = Enumerable.Range(0, 3).Select(_ => titles[random.Next(titles.Count)]).Append($"{titles[i]} draft").Distinct().ToArray();
                var page = new WikiPage
                {
                    Id = CommunityPlan.NewGuid(random), GroupId = group.Id, Slug = WikiText.SlugFor(titles[i]), Title = titles[i], ParentId = parent?.Id,
                    AncestorIds = parent is null ? [] : [parent.Id], Position = parent is null ? i : (i - 4) / 3, Protected = i == 0, CreatedAt = at,
                    CreatedBy = author,
                };
                var span = Math.Max(1, (CommunityPlan.Anchor.AddDays(-1) - at).TotalMinutes / history);
                for (var number = 1; number <= history; number++)
                {
                    if (number > 1)
                    {
                        paragraphs[random.Next(paragraphs.Length)] = Words.Post(random, null);
                        author = plan.Members[members.Pick(random)].Id;
                        at = at.AddMinutes(random.NextDouble() * span);
                    }

                    groupRevisions.Add(new WikiRevision
                    {
                        Id = CommunityPlan.NewGuid(random), PageId = page.Id, GroupId = group.Id, Number = number, Title = page.Title,
                        Source = Source(paragraphs, links), AuthorId = author, At = at, Summary = number == 1 ? "Created the page" : "Brought a section up to date",
                    });
                }

                var source = groupRevisions[^1].Source;
                var rendered = WikiText.Render(markdown, source);
                page.Source = source;
                page.Html = rendered.Html;
                page.Toc = [.. rendered.Toc];
                page.Links = [.. rendered.Links];
                page.Revision = history;
                page.UpdatedAt = page.ReviewedAt = at;
                page.UpdatedBy = author;
                groupPages.Add(page);
                hotSlug ??= hot ? page.Slug : null;
            }

            await knowledge.BulkInsertAsync(groupPages, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            foreach (var chunk in groupRevisions.Chunk(RowsPerCopy))
            {
                await knowledge.BulkInsertAsync(chunk, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            }

            pages += groupPages.Count;
            revisions += groupRevisions.Count;
            step(groupPages.Count);
        }

        var (resources, ratings) = await WriteResourcesAsync(plan, knowledge, random, startStep, cancellationToken);
        return new Written(pages, revisions, resources, ratings, hotSlug!);
    }

    private static async Task<(int Resources, int Ratings)> WriteResourcesAsync(CommunityPlan plan, IKnowledgeStore knowledge, Random random,
        StartStep startStep, CancellationToken cancellationToken)
    {
        var perGroup = Math.Max(1, plan.Size.Resources / plan.Groups.Count);
        var step = startStep("Resources and ratings", perGroup * (long)plan.Groups.Count);
        var ratingCount = 0;
        foreach (var groups in plan.Groups.Chunk(Math.Max(1, 20_000 / perGroup)))
        {
            var resources = new List<Resource>();
            var ratings = new List<ResourceRating>();
            foreach (var group in groups)
            {
                var members = plan.MembersOfGroup[group.Index];
                for (var i = 0; i < perGroup; i++)
                {
                    var at = group.CreatedAt.AddHours(1 + random.Next(Math.Max(1, (int)(CommunityPlan.Anchor - group.CreatedAt).TotalHours - 2)));
                    var resource = new Resource
                    {
                        Id = CommunityPlan.NewGuid(random), GroupId = group.Id, Kind = Kinds[random.Next(Kinds.Length)],
                        Title = Words.Title(random, Modules.Discussions.Contracts.TopicKind.Discussion), Description = Words.Post(random, null),
                        Url = $"https://example.org/{group.Slug}/resources/{i}", Tags = [.. group.Tags.Take(1 + random.Next(group.Tags.Count))],
                        Audience = "Practitioners", Level = random.NextDouble() < 0.5 ? "Introductory" : "Advanced",
                        SubmittedBy = plan.Members[members.Pick(random)].Id, SubmittedAt = at, UpdatedAt = at,
                    };
                    resource.Key = Resource.KeyFor(at, resource.Id);
                    foreach (var rater in Enumerable.Range(0, random.Next(4)).Select(_ => plan.Members[members.Pick(random)].Id).Distinct())
                    {
                        var stars = 1 + random.Next(5);
                        resource.Rate(null, stars);
                        ratings.Add(new ResourceRating
                        {
                            Id = ResourceRating.IdFor(resource.Id, rater), ResourceId = resource.Id, GroupId = group.Id, MemberId = rater, Stars = stars,
                            At = at.AddMinutes(30),
                        });
                    }

                    if (random.NextDouble() < 0.1)
                    {
                        (resource.Vetted, resource.VettedBy, resource.VettedAt) = (true, resource.SubmittedBy, at.AddDays(1));
                    }

                    if (random.NextDouble() < 0.03)
                    {
                        resource.Concerns.Add(new ResourceConcern(CommunityPlan.NewGuid(random), ConcernKind.Outdated, "Superseded by this year's edition.",
                            plan.Members[members.Pick(random)].Id, at.AddDays(2)));
                    }

                    resources.Add(resource);
                }
            }

            await knowledge.BulkInsertAsync(resources, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            await knowledge.BulkInsertAsync(ratings, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            ratingCount += ratings.Count;
            step(resources.Count);
        }

        return (perGroup * plan.Groups.Count, ratingCount);
    }

    /// <summary>A page of five headed sections (enough for a table of contents) and a line of [[links]], one of them red.</summary>
    private static string Source(string[] paragraphs, string[] links)
    {
        var text = new StringBuilder();
        for (var i = 0; i < paragraphs.Length; i++)
        {
            text.Append("## ").Append(Headings[i]).Append("\n\n").Append(paragraphs[i]).Append("\n\n");
        }

        text.Append("See also ").AppendJoin(", ", links.Select(l => $"[[{l}]]")).Append('.');
        return text.ToString();
    }

    private static int Take(ref int spare, int wanted)
    {
        var taken = Math.Min(spare, wanted);
        spare -= taken;
        return taken;
    }
}
