using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Search;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The group blog: who may write, drafts, publication now and scheduled, comments, paging, the Atom feed and search.</summary>
public sealed class BlogTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    public enum Operation
    {
        List,
        Write,
        Comment,
        EditOthersPost,
        ReadOthersDraft,
    }

    [Fact]
    public async Task Each_role_may_do_in_the_blog_what_the_role_matrix_says_and_nothing_more()
    {
        var sponsor = await app.RegisterConfirmedAsync("Blog Matrix Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var cast = new Dictionary<string, HttpClient> { ["Sponsor"] = sponsor.Session, ["Anonymous"] = app.CreateSession() };
        foreach (var role in new[] { "Reader", "Contributor", "DomainExpert", "Facilitator" })
        {
            var member = await app.RegisterConfirmedAsync($"Blog Matrix {role}");
            await member.JoinWithRolesAsync(sponsor, group, role);
            cast[role] = member.Session;
        }

        cast["Outsider"] = (await app.RegisterConfirmedAsync("Blog Matrix Outsider")).Session;
        var author = await app.RegisterConfirmedAsync("Blog Matrix Author");
        await author.JoinWithRolesAsync(sponsor, group, "Contributor");

        // Rows: who; columns: Operation in declaration order. 2xx = allowed; otherwise the refusal's status.
        var expected = new Dictionary<string, int[]>
        {
            //                   List Write Comment EditOthersPost ReadOthersDraft
            ["Anonymous"] =    [200, 401, 401, 401, 404],
            ["Outsider"] =     [200, 403, 403, 403, 404],
            ["Reader"] =       [200, 403, 403, 403, 404],
            ["Contributor"] =  [200, 201, 201, 403, 404],
            ["DomainExpert"] = [200, 201, 201, 403, 404],
            ["Facilitator"] =  [200, 201, 201, 200, 404],
            ["Sponsor"] =      [200, 201, 201, 200, 404],
        };

        var operations = Enum.GetValues<Operation>();
        foreach (var (who, statuses) in expected)
        {
            statuses.Length.ShouldBe(operations.Length);
            for (var i = 0; i < operations.Length; i++)
            {
                var published = await author.PostIdAsync(group, $"Published for {who} {operations[i]}", "Original.");
                var draft = await author.PostIdAsync(group, $"Draft for {who} {operations[i]}", "Secret draft.", publish: false);
                var response = operations[i] switch
                {
                    Operation.List => await cast[who].GetAsync(BlogApi.Posts(group)),
                    Operation.Write => await cast[who].WritePostAsync(group, $"By {who}", publish: true),
                    Operation.Comment => await cast[who].CommentAsync(group, published, $"Comment by {who}"),
                    Operation.EditOthersPost => await cast[who].PutAsJsonAsync(BlogApi.Post(group, published), new { title = "Changed", body = "Changed." }),
                    Operation.ReadOthersDraft => await cast[who].GetAsync(BlogApi.Post(group, draft)),
                    _ => throw new ArgumentOutOfRangeException(nameof(operations)),
                };
                ((int)response.StatusCode).ShouldBe(statuses[i], $"{who} / {operations[i]}: {await response.Content.ReadAsStringAsync()}");
                var post = await (await author.Session.GetAsync(BlogApi.Post(group, published))).JsonAsync();
                post.GetProperty("source").GetString().ShouldBe(operations[i] == Operation.EditOthersPost && statuses[i] == 200 ? "Changed." : "Original.",
                    $"{who} / {operations[i]}");
                post.GetProperty("commentCount").GetInt32().ShouldBe(operations[i] == Operation.Comment && statuses[i] == 201 ? 1 : 0, $"{who} / {operations[i]}");
            }
        }
    }

    [Fact]
    public async Task A_draft_is_its_authors_alone_until_published_and_is_published_once()
    {
        var sponsor = await app.RegisterConfirmedAsync("Draft Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var draft = await sponsor.PostIdAsync(group, "Half-written thoughts", "Not yet.", publish: false);
        // Anonymous readers are answered from Knowledge's replica of the group, which learns of a new group a moment later.
        await Eventually.TrueAsync(async () => (await app.CreateSession().GetAsync(BlogApi.Posts(group))).IsSuccessStatusCode,
            "Knowledge's replica to know the new public group");

        (await app.CreateSession().ItemsAsync(BlogApi.Posts(group))).ShouldBeEmpty();
        var drafts = await sponsor.Session.ItemsAsync($"{BlogApi.Posts(group)}/drafts");
        drafts.Select(d => d.GetProperty("id").GetGuid()).ShouldBe([draft]);
        drafts[0].GetProperty("state").GetString().ShouldBe("Draft");
        (await app.CreateSession().GetAsync(BlogApi.Post(group, draft))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await sponsor.Session.CommentAsync(group, draft, "Too early")).ProblemAsync(409)).GetProperty("detail").GetString()!.ShouldContain("published");

        var published = await (await sponsor.Session.PostAsJsonAsync($"{BlogApi.Post(group, draft)}/publish", new { })).JsonAsync();
        published.GetProperty("state").GetString().ShouldBe("Published");
        var listed = await app.CreateSession().ItemsAsync(BlogApi.Posts(group));
        listed.Select(p => p.GetProperty("title").GetString()).ShouldBe(["Half-written thoughts"]);
        listed[0].GetProperty("path").GetString().ShouldBe(published.GetProperty("path").GetString());
        (await sponsor.Session.ItemsAsync($"{BlogApi.Posts(group)}/drafts")).ShouldBeEmpty();
        await (await sponsor.Session.PostAsJsonAsync($"{BlogApi.Post(group, draft)}/publish", new { })).ProblemAsync(409);
    }

    [Fact]
    public async Task A_scheduled_post_is_published_by_a_durable_scheduled_message_at_its_time()
    {
        var sponsor = await app.RegisterConfirmedAsync("Schedule Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var publishAt = app.Clock.GetUtcNow().AddSeconds(3);
        var written = await (await sponsor.Session.WritePostAsync(group, "Next week's meeting", publishAt: publishAt)).JsonAsync();
        written.GetProperty("state").GetString().ShouldBe("Scheduled");
        var id = written.GetProperty("id").GetGuid();
        (await app.CreateSession().GetAsync(BlogApi.Post(group, id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await Eventually.TrueAsync(async () => (await app.CreateSession().GetAsync(BlogApi.Post(group, id))).StatusCode == HttpStatusCode.OK,
            "the scheduled post to be published", TimeSpan.FromSeconds(90));
        var post = await (await app.CreateSession().GetAsync(BlogApi.Post(group, id))).JsonAsync();
        post.GetProperty("state").GetString().ShouldBe("Published");
        post.GetProperty("publishedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(publishAt.AddSeconds(-1));
    }

    [Fact]
    public async Task Comments_are_threaded_one_level_and_listed_oldest_first()
    {
        var sponsor = await app.RegisterConfirmedAsync("Comment Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var post = await sponsor.PostIdAsync(group, "What we learnt");
        var first = (await (await sponsor.Session.CommentAsync(group, post, "**Great** work")).JsonAsync()).GetProperty("id").GetGuid();
        var reply = await (await sponsor.Session.CommentAsync(group, post, "Thanks", first)).JsonAsync();
        reply.GetProperty("parentId").GetGuid().ShouldBe(first);

        var replyToReply = await (await sponsor.Session.CommentAsync(group, post, "Deeper", reply.GetProperty("id").GetGuid())).ProblemAsync(400);
        replyToReply.ErrorFields().ShouldBe(["parentId"]);
        (await (await sponsor.Session.CommentAsync(group, post, "Elsewhere", Guid.NewGuid())).ProblemAsync(400)).ErrorFields().ShouldBe(["parentId"]);
        (await (await sponsor.Session.CommentAsync(group, post, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);

        var comments = await app.CreateSession().ItemsAsync($"{BlogApi.Post(group, post)}/comments");
        comments.Select(c => c.GetProperty("source").GetString()).ShouldBe(["**Great** work", "Thanks"]);
        comments[0].GetProperty("html").GetString()!.ShouldContain("<strong>Great</strong>");
        (await (await app.CreateSession().GetAsync(BlogApi.Post(group, post))).JsonAsync()).GetProperty("commentCount").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task The_blog_lists_published_posts_newest_first_in_cursor_pages_without_repeats()
    {
        var sponsor = await app.RegisterConfirmedAsync("Paging Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        for (var i = 1; i <= 5; i++)
        {
            await sponsor.PostIdAsync(group, $"Post {i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await app.CreateSession().GetAsync($"{BlogApi.Posts(group)}?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("title").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        pages.ShouldBe(3);
        seen.ShouldBe(["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]);
        (await (await app.CreateSession().GetAsync($"{BlogApi.Posts(group)}?cursor=not-ours")).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task A_public_blog_has_an_Atom_feed_and_a_members_only_blog_has_none()
    {
        var sponsor = await app.RegisterConfirmedAsync("Feed Sponsor");
        var open = await sponsor.CreateWikiGroupAsync();
        var closed = await sponsor.CreateWikiGroupAsync("MembersOnly");
        await sponsor.PostIdAsync(open, "Open <news> & more", "Hello *world*");
        await sponsor.PostIdAsync(closed, "Members' news");
        await sponsor.PostIdAsync(open, "Unpublished", publish: false);
        var openSlug = await SlugOfAsync(sponsor, open);

        var response = await app.CreateSession().GetAsync($"/groups/{openSlug}/blog/feed.atom");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/atom+xml");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = feed.Root!.Elements(atom + "entry").ToList();
        entries.Select(e => e.Element(atom + "title")!.Value).ShouldBe(["Open <news> & more"]);
        entries[0].Element(atom + "content")!.Value.ShouldContain("<em>world</em>");

        (await app.CreateSession().GetAsync($"/groups/{await SlugOfAsync(sponsor, closed)}/blog/feed.atom")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateSession().GetAsync("/groups/no-such-group/blog/feed.atom")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_and_writes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Blog Bad Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();

        (await (await sponsor.Session.WritePostAsync(group, "", publish: true)).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await sponsor.Session.WritePostAsync(group, "No body", "", publish: true)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await (await sponsor.Session.WritePostAsync(group, "Too long", new string('x', 100_001), publish: true)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await (await sponsor.Session.WritePostAsync(group, "In the past", publishAt: DateTimeOffset.UtcNow.AddDays(-1))).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["publishAt"]);
        (await (await sponsor.Session.WritePostAsync(group, "Both", publish: true, publishAt: DateTimeOffset.UtcNow.AddDays(1))).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["publishAt"]);
        (await sponsor.Session.GetAsync(BlogApi.Post(group, Guid.NewGuid()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await sponsor.Session.ItemsAsync(BlogApi.Posts(group))).ShouldBeEmpty();
        (await sponsor.Session.ItemsAsync($"{BlogApi.Posts(group)}/drafts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_post_is_found_by_search_once_published()
    {
        var sponsor = await app.RegisterConfirmedAsync("Blog Search Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var word = SearchApi.Word();
        var draftWord = SearchApi.Word();
        var post = await sponsor.PostIdAsync(group, $"Report on {word}", "What the group did.");
        var draft = await sponsor.PostIdAsync(group, $"Draft on {draftWord}", "Not yet.", publish: false);

        var found = await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 1, "the published post in search");
        found[0].Kind().ShouldBe("blog-post");
        found[0].Id().ShouldBe(post);
        found[0].Path().ShouldEndWith($"/blog/{post}");

        await (await sponsor.Session.PostAsJsonAsync($"{BlogApi.Post(group, draft)}/publish", new { })).JsonAsync();
        await app.CreateSession().EventuallyResultsAsync(draftWord, r => r.Count == 1, "the draft in search once published");
    }

    private static async Task<string> SlugOfAsync(TestMember member, Guid group) =>
        (await (await member.Session.GetAsync($"/api/membership/groups/{group}")).JsonAsync()).GetProperty("slug").GetString()!;
}
