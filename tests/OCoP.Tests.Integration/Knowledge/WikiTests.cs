using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>A group's wiki: the page tree, renames, [[links]], the table of contents, revisions, diffs and reverts.</summary>
public sealed class WikiTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Pages_form_a_tree_with_breadcrumbs_children_and_an_order_members_change()
    {
        var sponsor = await app.RegisterConfirmedAsync("Tree Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var guides = await sponsor.CreatePageSlugAsync(group, "Guides");
        var interviews = await sponsor.CreatePageSlugAsync(group, "Interviews", parent: guides);
        var firstInterview = await sponsor.CreatePageSlugAsync(group, "The first interview", parent: interviews);
        var referrals = await sponsor.CreatePageSlugAsync(group, "Referrals", parent: guides);

        var leaf = await sponsor.Session.ReadPageAsync(group, firstInterview);
        leaf.GetProperty("breadcrumbs").Slugs().ShouldBe([guides, interviews]);
        (await sponsor.Session.ReadPageAsync(group, guides)).GetProperty("children").Slugs().ShouldBe([interviews, referrals]);

        (await sponsor.MovePageAsync(group, referrals, guides, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.Session.ReadPageAsync(group, guides)).GetProperty("children").Slugs().ShouldBe([referrals, interviews]);

        // Moving a subtree carries its pages along: the leaf's breadcrumbs follow.
        (await sponsor.MovePageAsync(group, interviews, referrals, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.Session.ReadPageAsync(group, firstInterview)).GetProperty("breadcrumbs").Slugs().ShouldBe([guides, referrals, interviews]);

        var tree = await app.CreateClient().TreeAsync(group);
        tree.Select(p => (p.GetProperty("slug").GetString(), p.GetProperty("depth").GetInt32()))
            .ShouldBe([(guides, 0), (referrals, 1), (interviews, 2), (firstInterview, 3)]);
    }

    [Fact]
    public async Task Moving_a_page_under_itself_or_its_own_child_is_a_400_and_changes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Cycle Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var top = await sponsor.CreatePageSlugAsync(group, "Top");
        var child = await sponsor.CreatePageSlugAsync(group, "Child", parent: top);
        var grandchild = await sponsor.CreatePageSlugAsync(group, "Grandchild", parent: child);

        foreach (var under in new[] { top, child, grandchild })
        {
            (await (await sponsor.MovePageAsync(group, top, under, 0)).ProblemAsync(400)).ErrorFields().ShouldBe(["parent"]);
        }

        (await sponsor.Session.ReadPageAsync(group, top)).GetProperty("breadcrumbs").GetArrayLength().ShouldBe(0);
        (await sponsor.Session.ReadPageAsync(group, grandchild)).GetProperty("breadcrumbs").Slugs().ShouldBe([top, child]);
    }

    [Fact]
    public async Task A_renamed_page_keeps_answering_at_its_old_slug_with_a_permanent_redirect()
    {
        var sponsor = await app.RegisterConfirmedAsync("Rename Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var slug = await sponsor.CreatePageSlugAsync(group, "Careers Fair Checklist", "Bring CVs.");
        slug.ShouldBe("careers-fair-checklist");

        var saved = await (await sponsor.SavePageAsync(group, slug, "Careers fair: the checklist", "Bring CVs.", 1, "Rename")).JsonAsync();
        saved.GetProperty("slug").GetString().ShouldBe("careers-fair-the-checklist");

        var old = await sponsor.Session.GetAsync(WikiApi.Page(group, slug));
        old.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        old.Headers.Location!.ToString().ShouldBe(WikiApi.Page(group, "careers-fair-the-checklist"));
        (await sponsor.Session.ReadPageAsync(group, "careers-fair-the-checklist")).GetProperty("title").GetString().ShouldBe("Careers fair: the checklist");
        // Edits by the old name reach the page too.
        (await sponsor.SavePageAsync(group, slug, "Careers fair: the checklist", "Bring CVs and a pen.", 2)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wiki_links_lead_to_pages_list_backlinks_and_show_pages_not_yet_written_as_red_links()
    {
        var sponsor = await app.RegisterConfirmedAsync("Link Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var target = await sponsor.CreatePageSlugAsync(group, "Labour market data");
        var source = await sponsor.CreatePageSlugAsync(group, "Advising adults",
            "Start from [[Labour market data|the data]], then read [[Funding for retraining]].");

        var page = await sponsor.Session.ReadPageAsync(group, source);
        var html = page.GetProperty("html").GetString()!;
        var groupSlug = page.GetProperty("groupSlug").GetString();
        html.ShouldContain($"href=\"/groups/{groupSlug}/wiki/labour-market-data\" class=\"wiki-link\"");
        html.ShouldContain(">the data</a>");
        html.ShouldContain($"href=\"/groups/{groupSlug}/wiki/funding-for-retraining\" class=\"wiki-link wiki-missing\"");
        page.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("slug").GetString(), l.GetProperty("exists").GetBoolean()))
            .ShouldBe([("labour-market-data", true), ("funding-for-retraining", false)]);
        (await sponsor.Session.ReadPageAsync(group, target)).GetProperty("backlinks").Slugs().ShouldBe([source]);

        // Writing the missing page turns the red link blue.
        await sponsor.CreatePageSlugAsync(group, "Funding for retraining");
        (await sponsor.Session.ReadPageAsync(group, source)).GetProperty("links").EnumerateArray().ShouldAllBe(l => l.GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task A_long_page_has_a_table_of_contents_with_anchors_on_its_headings()
    {
        var sponsor = await app.RegisterConfirmedAsync("Toc Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var slug = await sponsor.CreatePageSlugAsync(group, "Interview guide",
            "## Before\n\nPrepare.\n\n## During\n\nListen.\n\n### Questions\n\nAsk.\n\n## After\n\nFollow up.");

        var page = await sponsor.Session.ReadPageAsync(group, slug);
        page.GetProperty("toc").EnumerateArray().Select(t => (t.GetProperty("level").GetInt32(), t.GetProperty("text").GetString(), t.GetProperty("anchor").GetString()))
            .ShouldBe([(2, "Before", "h-before"), (2, "During", "h-during"), (3, "Questions", "h-questions"), (2, "After", "h-after")]);
        page.GetProperty("html").GetString()!.ShouldContain("<h3 id=\"h-questions\">Questions</h3>");
    }

    [Fact]
    public async Task Every_save_is_a_revision_with_its_author_and_summary_any_two_diff_and_a_revert_is_a_new_revision()
    {
        var sponsor = await app.RegisterConfirmedAsync("History Sponsor");
        var editor = await app.RegisterConfirmedAsync("History Editor");
        var group = await sponsor.CreateWikiGroupAsync();
        await editor.JoinWithRolesAsync(sponsor, group);
        var slug = await sponsor.CreatePageSlugAsync(group, "Ethics", "Line one.\nLine two.");
        (await editor.SavePageAsync(group, slug, "Ethics", "Line one.\nLine two, changed.", 1, "Clarify line two")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.SavePageAsync(group, slug, "Ethics", "Line one.\nLine two, changed.\nLine three.", 2, "Add line three")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revisions = await app.CreateClient().RevisionsAsync(group, slug);
        revisions.Select(r => r.GetProperty("number").GetInt32()).ShouldBe([3, 2, 1]);
        revisions.Select(r => r.GetProperty("authorName").GetString()).ShouldBe(["History Sponsor", "History Editor", "History Sponsor"]);
        revisions.Select(r => r.GetProperty("summary").GetString()).ShouldBe(["Add line three", "Clarify line two", "Created the page"]);

        var diff = await (await sponsor.Session.GetAsync($"{WikiApi.Page(group, slug)}/diff?from=1&to=3")).JsonAsync();
        diff.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString()))
            .ShouldBe([("unchanged", "Line one."), ("deleted", "Line two."), ("inserted", "Line two, changed."), ("inserted", "Line three.")]);

        var reverted = await (await sponsor.Session.PostAsJsonAsync($"{WikiApi.Page(group, slug)}/revisions/1/revert", new { summary = (string?)null })).JsonAsync();
        reverted.GetProperty("revision").GetInt32().ShouldBe(4);
        var page = await sponsor.Session.ReadPageAsync(group, slug);
        page.GetProperty("source").GetString().ShouldBe("Line one.\nLine two.");
        page.GetProperty("revision").GetInt32().ShouldBe(4);
        var latest = (await sponsor.Session.RevisionsAsync(group, slug, "?limit=1"))[0];
        latest.GetProperty("revertedFrom").GetInt32().ShouldBe(1);
        latest.GetProperty("summary").GetString().ShouldBe("Reverted to revision 1");
        (await app.CreateClient().RevisionsAsync(group, slug)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Edits_of_different_lines_from_the_same_revision_are_merged_and_the_answer_says_so()
    {
        var sponsor = await app.RegisterConfirmedAsync("Merge Sponsor");
        var other = await app.RegisterConfirmedAsync("Merge Other");
        var group = await sponsor.CreateWikiGroupAsync();
        await other.JoinWithRolesAsync(sponsor, group);
        var slug = await sponsor.CreatePageSlugAsync(group, "Merging", "Intro.\n\nMiddle.\n\nEnd.");

        (await (await sponsor.SavePageAsync(group, slug, "Merging", "Intro, better.\n\nMiddle.\n\nEnd.", 1)).JsonAsync())
            .GetProperty("merged").GetBoolean().ShouldBeFalse();
        var merged = await (await other.SavePageAsync(group, slug, "Merging", "Intro.\n\nMiddle.\n\nEnd, better.", 1, "Fix the end")).JsonAsync();
        merged.GetProperty("merged").GetBoolean().ShouldBeTrue();
        merged.GetProperty("revision").GetInt32().ShouldBe(3);

        (await sponsor.Session.ReadPageAsync(group, slug)).GetProperty("source").GetString().ShouldBe("Intro, better.\n\nMiddle.\n\nEnd, better.");
        var latest = (await sponsor.Session.RevisionsAsync(group, slug, "?limit=1"))[0];
        latest.GetProperty("merged").GetBoolean().ShouldBeTrue();
        latest.GetProperty("summary").GetString().ShouldBe("Fix the end (merged with revision 2)");
    }

    [Fact]
    public async Task Edits_of_the_same_line_from_the_same_revision_are_a_409_with_both_versions_and_their_diff_and_change_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Conflict Sponsor");
        var other = await app.RegisterConfirmedAsync("Conflict Other");
        var group = await sponsor.CreateWikiGroupAsync();
        await other.JoinWithRolesAsync(sponsor, group);
        var slug = await sponsor.CreatePageSlugAsync(group, "Conflicts", "Meet on Mondays.\nBring notes.");
        (await sponsor.SavePageAsync(group, slug, "Conflicts", "Meet on Tuesdays.\nBring notes.", 1)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await other.SavePageAsync(group, slug, "Conflicts", "Meet on Fridays.\nBring notes.", 1)).ProblemAsync(409);
        problem.GetProperty("baseRevision").GetInt32().ShouldBe(1);
        problem.GetProperty("currentRevision").GetInt32().ShouldBe(2);
        problem.GetProperty("currentBody").GetString().ShouldBe("Meet on Tuesdays.\nBring notes.");
        problem.GetProperty("yourBody").GetString().ShouldBe("Meet on Fridays.\nBring notes.");
        problem.GetProperty("diff").EnumerateArray().Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString()))
            .ShouldBe([("deleted", "Meet on Tuesdays."), ("inserted", "Meet on Fridays."), ("unchanged", "Bring notes.")]);

        (await sponsor.Session.ReadPageAsync(group, slug)).GetProperty("revision").GetInt32().ShouldBe(2);
        (await sponsor.Session.RevisionsAsync(group, slug)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Fifty_editors_saving_the_same_line_from_the_same_revision_one_wins_the_rest_get_409_with_their_text_and_no_revision_is_lost()
    {
        var sponsor = await app.RegisterConfirmedAsync("Race Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var slug = await sponsor.CreatePageSlugAsync(group, "Contested", "The answer is 0.\nUnchanged line.");

        var texts = Enumerable.Range(1, 50).Select(i => $"The answer is {i}.\nUnchanged line.").ToList();
        var responses = await Task.WhenAll(texts.Select(text => sponsor.SavePageAsync(group, slug, "Contested", text, 1)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(49);
        var winner = texts[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
        for (var i = 0; i < responses.Length; i++)
        {
            if (responses[i].StatusCode == HttpStatusCode.Conflict)
            {
                var problem = await responses[i].ProblemAsync(409);
                problem.GetProperty("yourBody").GetString().ShouldBe(texts[i]);
                problem.GetProperty("currentBody").GetString().ShouldBe(winner);
            }
        }

        var revisions = await sponsor.Session.RevisionsAsync(group, slug);
        revisions.Select(r => r.GetProperty("number").GetInt32()).ShouldBe([2, 1]);
        (await sponsor.Session.ReadPageAsync(group, slug)).GetProperty("source").GetString().ShouldBe(winner);
    }

    [Fact]
    public async Task Reading_a_page_costs_the_same_number_of_queries_with_one_revision_or_a_thousand()
    {
        var sponsor = await app.RegisterConfirmedAsync("Cost Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        // Two pages of the same shape (a parent, a link, no children), one with a long history.
        var home = await sponsor.CreatePageSlugAsync(group, "Home");
        var fresh = await sponsor.CreatePageSlugAsync(group, "Fresh", "See [[Old]].", parent: home);
        var old = await sponsor.CreatePageSlugAsync(group, "Old", "Version 1. See [[Fresh]].", parent: home);
        for (var revision = 1; revision < 60; revision++)
        {
            (await sponsor.SavePageAsync(group, old, "Old", $"Version {revision + 1}. See [[Fresh]].", revision)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Up to 1,000 revisions, as the benchmark generator writes them (straight into the store: 940 more saves over HTTP
        // would only make the test slow); the page itself stays as the last save left it.
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<OCoP.Modules.Knowledge.IKnowledgeStore>();
            await using var session = store.LightweightSession();
            var page = await session.Query<OCoP.Modules.Knowledge.Wiki.WikiPage>().SingleAsync(p => p.GroupId == group && p.Slug == old);
            var last = await session.Query<OCoP.Modules.Knowledge.Wiki.WikiRevision>().SingleAsync(r => r.PageId == page.Id && r.Number == 60);
            session.Store(Enumerable.Range(61, 940).Select(n => new OCoP.Modules.Knowledge.Wiki.WikiRevision
            {
                Id = Guid.CreateVersion7(), PageId = page.Id, GroupId = group, Number = n, Title = "Old", Source = last.Source, AuthorId = sponsor.Id,
                At = last.At.AddSeconds(n), Summary = $"Generated revision {n}",
            }).ToArray());
            page.Revision = 1_000;
            session.Store(page);
            await session.SaveChangesAsync();
        }

        var anonymous = app.CreateClient();
        var (freshCost, freshResponse, _) = await DatabaseCommands.CountGetAsync(anonymous, WikiApi.Page(group, fresh));
        var (oldCost, oldResponse, oldBody) = await DatabaseCommands.CountGetAsync(anonymous, WikiApi.Page(group, old));
        freshResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        oldResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        oldBody.GetProperty("revision").GetInt32().ShouldBe(1_000);
        oldCost.ShouldBeGreaterThan(0);
        oldCost.ShouldBe(freshCost);
    }
}
