using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

public sealed class DemoWikiTests(DemoWikiTests.App app) : IClassFixture<DemoWikiTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
    }

    [Fact]
    public async Task The_demo_group_has_a_two_level_wiki_with_a_protected_a_stale_and_a_captured_page()
    {
        var anonymous = app.CreateClient();
        var group = (await (await anonymous.GetAsync("/api/membership/groups/by-slug/career-guidance-practitioners")).JsonAsync()).GetProperty("id").GetGuid();
        var tree = await Eventually.FoundAsync(async () =>
        {
            var response = await anonymous.GetAsync($"{WikiApi.Pages(group)}?limit=100");
            var pages = response.IsSuccessStatusCode ? (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList() : [];
            return pages.Count >= 7 ? pages : null;
        }, "the demo wiki to be seeded");

        tree.Count.ShouldBe(7);
        tree.Select(p => p.GetProperty("depth").GetInt32()).Distinct().Order().ShouldBe([0, 1]);
        tree.Single(p => p.GetProperty("protected").GetBoolean()).GetProperty("slug").GetString().ShouldBe("career-guidance-handbook");
        tree.Single(p => p.GetProperty("stale").GetBoolean()).GetProperty("slug").GetString().ShouldBe("running-a-case-clinic");

        var captured = await anonymous.ReadPageAsync(group, "labour-market-sources");
        // The question's number depends on whether the demo's reflection topic reached the forum first: found by title.
        var question = (await anonymous.ItemsAsync($"/api/discussions/groups/{group}/topics"))
            .Single(t => t.GetProperty("title").GetString() == "Which labour-market sources do you trust for adult career changers?").GetProperty("number").GetInt32();
        captured.GetProperty("source").GetString()!.ShouldContain($"/groups/career-guidance-practitioners/topics/{question})");
        captured.GetProperty("source").GetString()!.ShouldContain("Accepted answer, by Elena Rossi");
        var handbook = await anonymous.ReadPageAsync(group, "career-guidance-handbook");
        handbook.GetProperty("toc").GetArrayLength().ShouldBe(3);
        handbook.GetProperty("links").EnumerateArray().ShouldAllBe(l => l.GetProperty("exists").GetBoolean());
        (await anonymous.RevisionsAsync(group, "first-interviews")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_demo_group_has_a_blog_with_comments_and_ten_rated_resources_one_vetted_and_one_flagged()
    {
        var anonymous = app.CreateClient();
        var group = (await (await anonymous.GetAsync("/api/membership/groups/by-slug/career-guidance-practitioners")).JsonAsync()).GetProperty("id").GetGuid();
        var resources = await Eventually.FoundAsync(async () =>
        {
            var response = await anonymous.GetAsync($"{ResourceApi.Resources(group)}?limit=100");
            var items = response.IsSuccessStatusCode ? (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList() : [];
            return items.Count >= 10 ? items : null;
        }, "the demo resources to be seeded");

        resources.Count.ShouldBe(10);
        resources.Select(r => r.GetProperty("kind").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5);
        resources.Count(r => r.GetProperty("ratingCount").GetInt32() > 0).ShouldBeGreaterThanOrEqualTo(5);
        resources.Count(r => r.GetProperty("vetted").GetBoolean()).ShouldBe(1);
        resources.Count(r => r.GetProperty("concernCount").GetInt32() > 0).ShouldBe(1);

        var posts = await anonymous.ItemsAsync(BlogApi.Posts(group));
        posts.Count.ShouldBe(2);
        var commented = posts.Single(p => p.GetProperty("commentCount").GetInt32() > 0);
        var comments = await anonymous.ItemsAsync($"{BlogApi.Post(group, commented.GetProperty("id").GetGuid())}/comments");
        comments.Count.ShouldBe(3);
        comments.Count(c => c.GetProperty("parentId").ValueKind == System.Text.Json.JsonValueKind.String).ShouldBe(1);
    }
}
