using System.Net;
using System.Net.Http.Json;
using OCoP.Modules.Engagement.Email;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>
/// Members follow a wiki page, a group's blog or its resource directory; watchers are notified in-app (and by the daily
/// digest) when the thing changes, never of what they did themselves, and nobody follows what they may not read.
/// </summary>
public sealed class KnowledgeFollowTests(SharedOCoPApp app)
{
    private const string Kind = "watchedKnowledge";

    [Fact]
    public async Task Watchers_of_a_page_a_blog_and_the_resources_are_notified_of_changes_by_others()
    {
        var sponsor = await app.RegisterConfirmedAsync("Follow Sponsor");
        var watcher = await app.RegisterConfirmedAsync("Follow Watcher");
        var editor = await app.RegisterConfirmedAsync("Follow Editor");
        var group = await sponsor.CreateWikiGroupAsync();
        await watcher.JoinWithRolesAsync(sponsor, group, "Contributor");
        await editor.JoinWithRolesAsync(sponsor, group, "Contributor");
        var slug = await sponsor.CreatePageSlugAsync(group, "Interview Practice", "Mock interviews, weekly.");
        var pageId = (await sponsor.Session.ReadPageAsync(group, slug)).GetProperty("id").GetGuid();

        await watcher.FollowWhenKnownAsync("wikipage", pageId, "watching");
        await editor.FollowWhenKnownAsync("wikipage", pageId, "watching");
        (await watcher.FollowAsync("blog", group, "watching")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await watcher.FollowAsync("resources", group, "watching")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The follows list names each thing and links to it.
        var follows = await watcher.FollowListAsync();
        var page = follows.Single(f => f.GetProperty("target").GetString() == "wikipage");
        page.GetProperty("name").GetString().ShouldBe("Interview Practice");
        page.GetProperty("path").GetString().ShouldEndWith($"/wiki/{slug}");
        follows.Single(f => f.GetProperty("target").GetString() == "blog").GetProperty("path").GetString().ShouldEndWith("/blog");
        follows.Single(f => f.GetProperty("target").GetString() == "resources").GetProperty("path").GetString().ShouldEndWith("/resources");

        (await editor.SavePageAsync(group, slug, "Interview Practice", "Mock interviews, twice a week.", 1, "Twice a week now")).EnsureSuccessStatusCode();
        var edited = await watcher.WaitForNotificationAsync(Kind, "Interview Practice was edited");
        edited.GetProperty("path").GetString().ShouldEndWith($"/wiki/{slug}");
        edited.GetProperty("excerpt").GetString().ShouldBe("Twice a week now");
        edited.GetProperty("actorNames").EnumerateArray().Select(a => a.GetString()).ShouldContain("Follow Editor");

        var post = await sponsor.PostIdAsync(group, "Spring meet-up");
        await watcher.WaitForNotificationAsync(Kind, "New blog post: Spring meet-up");
        (await editor.Session.CommentAsync(group, post, "See you there.")).EnsureSuccessStatusCode();
        await watcher.WaitForNotificationAsync(Kind, "Spring meet-up", n => n.GetProperty("title").GetString() == "New comment on Spring meet-up"
            || n.GetProperty("count").GetInt32() > 1);

        var resource = await editor.ResourceIdAsync(group, "Interview question bank");
        await watcher.WaitForNotificationAsync(Kind, "New resource: Interview question bank");
        (await sponsor.Session.VetAsync(group, resource)).EnsureSuccessStatusCode();
        await watcher.WaitForNotificationAsync(Kind, "Interview question bank", n => n.GetProperty("count").GetInt32() > 1
            || n.GetProperty("title").GetString() == "Interview question bank was vetted");

        // Each change is also the group's activity, in its stream.
        string[] verbs = ["wrote-page", "edited-page", "published-post", "commented-on-post", "added-resource", "vetted-resource"];
        await Eventually.TrueAsync(async () =>
        {
            var seen = (await app.CreateClient().ItemsAsync(FollowsApi.GroupActivity(group))).Select(i => i.GetProperty("verb").GetString()).ToHashSet();
            return verbs.All(seen.Contains);
        }, "the wiki, blog and resource changes in the group's activity stream");

        // The editor watches the page too, but is never told of their own edit; the watcher's waits for the daily digest.
        (await editor.KindsAboutAsync("Interview Practice")).ShouldBeEmpty();
        (await app.WaitForScheduleAsync(watcher.Id, EmailFrequency.DailyDigest)).NextDueAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Nobody_follows_a_page_blog_or_resources_they_may_not_read_and_unknown_pages_are_not_found()
    {
        var sponsor = await app.RegisterConfirmedAsync("Closed Follow Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Closed Follow Outsider");
        var group = await sponsor.CreateWikiGroupAsync("MembersOnly");
        var slug = await sponsor.CreatePageSlugAsync(group, "Members Only Notes");
        var pageId = (await sponsor.Session.ReadPageAsync(group, slug)).GetProperty("id").GetGuid();
        await sponsor.FollowWhenKnownAsync("wikipage", pageId, "watching"); // Engagement knows the page now

        await (await outsider.FollowAsync("wikipage", pageId, "watching")).ProblemAsync(404);
        await (await outsider.FollowAsync("blog", group, "watching")).ProblemAsync(404);
        await (await outsider.FollowAsync("resources", group, "watching")).ProblemAsync(404);
        await (await outsider.FollowAsync("wikipage", Guid.NewGuid(), "watching")).ProblemAsync(404);
        (await (await outsider.FollowAsync("wikipage", "not-an-id", "watching")).ProblemAsync(400)).ErrorFields().ShouldBe(["id"]);
        (await outsider.FollowListAsync()).Where(f => f.GetProperty("target").GetString() is "wikipage" or "blog" or "resources").ShouldBeEmpty();
    }
}
