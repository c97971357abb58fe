using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Each group's forum: categories that facilitators manage, tags on topics, lists filtered by both, and the viewer block.</summary>
public sealed class ForumTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Facilitators_add_rename_and_delete_categories()
    {
        var sponsor = await app.RegisterConfirmedAsync("Category Sponsor");
        var group = await sponsor.CreateForumAsync();

        var created = await sponsor.AddCategoryAsync(group, "Lesson Plans", "Plans that worked, and why.");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var category = await created.JsonAsync();
        var id = category.GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"/api/discussions/groups/{group}/categories/{id}");
        category.GetProperty("name").GetString().ShouldBe("Lesson Plans");
        category.GetProperty("slug").GetString().ShouldBe("lesson-plans");
        (await CategoriesAsync(app.CreateClient(), group)).Select(c => c.GetProperty("name").GetString()).ShouldBe(["Lesson Plans"]);

        var renamed = await (await sponsor.RenameCategoryAsync(group, id, "Lesson Studies", "Studied together.")).JsonAsync();
        renamed.GetProperty("id").GetGuid().ShouldBe(id);
        renamed.GetProperty("slug").GetString().ShouldBe("lesson-studies");
        var listed = (await CategoriesAsync(app.CreateClient(), group)).Single();
        listed.GetProperty("name").GetString().ShouldBe("Lesson Studies");
        listed.GetProperty("description").GetString().ShouldBe("Studied together.");

        (await sponsor.DeleteCategoryAsync(group, id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CategoriesAsync(app.CreateClient(), group)).ShouldBeEmpty();
        await (await sponsor.DeleteCategoryAsync(group, id)).ProblemAsync(404);
    }

    [Fact]
    public async Task A_member_who_is_not_a_facilitator_cannot_add_rename_or_delete_categories()
    {
        var sponsor = await app.RegisterConfirmedAsync("Guarded Sponsor");
        var member = await app.RegisterConfirmedAsync("Curious Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var id = (await (await sponsor.AddCategoryAsync(group, "Assessment")).JsonAsync()).GetProperty("id").GetGuid();

        (await (await member.AddCategoryAsync(group, "Member's corner")).ProblemAsync(403)).GetProperty("detail").GetString()
            .ShouldBe("Only the group's facilitators and sponsors do this.");
        await (await member.RenameCategoryAsync(group, id, "Renamed by a member")).ProblemAsync(403);
        await (await member.DeleteCategoryAsync(group, id)).ProblemAsync(403);
        await (await app.CreateSession().PostAsync($"{DiscussionsApi.Forum(group)}/categories", JsonBody(new { name = "Anonymous" })))
            .ProblemAsync(401);

        var categories = await CategoriesAsync(member.Session, group);
        categories.Select(c => c.GetProperty("name").GetString()).ShouldBe(["Assessment"]);
        categories.Single().GetProperty("id").GetGuid().ShouldBe(id);
    }

    [Fact]
    public async Task A_category_in_use_cannot_be_deleted_and_two_categories_cannot_share_a_name()
    {
        var sponsor = await app.RegisterConfirmedAsync("Tidy Sponsor");
        var group = await sponsor.CreateForumAsync();
        var id = (await (await sponsor.AddCategoryAsync(group, "Feedback")).JsonAsync()).GetProperty("id").GetGuid();
        (await sponsor.StartTopicAsync(group, "Feedback that lands", categoryId: id)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await sponsor.DeleteCategoryAsync(group, id)).ProblemAsync(409);
        (await (await sponsor.AddCategoryAsync(group, "  feedback ")).ProblemAsync(400)).ErrorFields().ShouldBe(["name"]);
        (await (await sponsor.AddCategoryAsync(group, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["name"]);

        (await CategoriesAsync(sponsor.Session, group)).Select(c => c.GetProperty("id").GetGuid()).ShouldBe([id]);
    }

    [Fact]
    public async Task Topics_carry_tags_and_the_list_filters_by_category_and_by_tag()
    {
        var sponsor = await app.RegisterConfirmedAsync("Tag Sponsor");
        var group = await sponsor.CreateForumAsync();
        var planning = (await (await sponsor.AddCategoryAsync(group, "Planning")).JsonAsync()).GetProperty("id").GetGuid();
        var practice = (await (await sponsor.AddCategoryAsync(group, "Practice")).JsonAsync()).GetProperty("id").GetGuid();

        var first = await TopicNumberAsync(sponsor.StartTopicAsync(group, "Planning a unit backwards", categoryId: planning,
            tags: [" Assessment ", "Feedback", "feedback"]));
        var second = await TopicNumberAsync(sponsor.StartTopicAsync(group, "Feedback in the lab", categoryId: practice, tags: ["feedback"]));
        var third = await TopicNumberAsync(sponsor.StartTopicAsync(group, "Anything else on your mind?"));

        var anonymous = app.CreateClient();
        var page = await anonymous.TopicPageAsync(group, first);
        page.GetProperty("topic").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["assessment", "feedback"]);
        page.GetProperty("topic").GetProperty("categoryId").GetGuid().ShouldBe(planning);

        (await anonymous.TopicListAsync(group)).Numbers().Order().ShouldBe([first, second, third]);
        (await anonymous.TopicListAsync(group, $"?category={planning}")).Numbers().ShouldBe([first]);
        (await anonymous.TopicListAsync(group, $"?category={practice}")).Numbers().ShouldBe([second]);
        (await anonymous.TopicListAsync(group, "?tag=feedback")).Numbers().Order().ShouldBe([first, second]);
        (await anonymous.TopicListAsync(group, "?tag=FEEDBACK")).Numbers().Order().ShouldBe([first, second]);
        (await anonymous.TopicListAsync(group, "?tag=assessment")).Numbers().ShouldBe([first]);
        (await anonymous.TopicListAsync(group, $"?category={practice}&tag=assessment")).Numbers().ShouldBeEmpty();
        (await anonymous.TopicListAsync(group, $"?category={planning}&tag=feedback")).Numbers().ShouldBe([first]);
        var listed = (await anonymous.TopicListAsync(group, $"?category={practice}")).GetProperty("items")[0];
        listed.GetProperty("categoryId").GetGuid().ShouldBe(practice);
        listed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["feedback"]);
    }

    [Fact]
    public async Task A_topic_must_name_a_category_of_its_own_forum_and_at_most_five_tags()
    {
        var sponsor = await app.RegisterConfirmedAsync("Strict Sponsor");
        var group = await sponsor.CreateForumAsync();
        var otherGroup = await sponsor.CreateForumAsync();
        var elsewhere = (await (await sponsor.AddCategoryAsync(otherGroup, "Elsewhere")).JsonAsync()).GetProperty("id").GetGuid();

        (await (await sponsor.StartTopicAsync(group, "In a category of another forum", categoryId: elsewhere)).ProblemAsync(400))
            .ErrorFields().ShouldBe(["categoryId"]);
        (await (await sponsor.StartTopicAsync(group, "Too many tags here", tags: ["a", "b", "c", "d", "e", "f"])).ProblemAsync(400))
            .ErrorFields().ShouldBe(["tags"]);

        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_forum_view_tells_each_viewer_who_they_are_there_and_what_they_may_do()
    {
        var sponsor = await app.RegisterConfirmedAsync("Viewer Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Viewer Contributor");
        var reader = await app.RegisterConfirmedAsync("Viewer Reader");
        var expert = await app.RegisterConfirmedAsync("Viewer Expert");
        var outsider = await app.RegisterConfirmedAsync("Viewer Outsider");
        var group = await sponsor.CreateForumAsync();
        foreach (var member in new[] { contributor, reader, expert })
        {
            await member.JoinForumAsync(group);
        }

        await sponsor.SetForumRolesAsync(reader, group, "Reader");
        await sponsor.SetForumRolesAsync(expert, group, "DomainExpert");

        var anonymousView = await (await app.CreateClient().GetAsync(DiscussionsApi.Forum(group))).JsonAsync();
        anonymousView.GetProperty("groupId").GetGuid().ShouldBe(group);
        anonymousView.GetProperty("visibility").GetString().ShouldBe("Public");
        anonymousView.GetProperty("pendingReviews").ValueKind.ShouldBe(JsonValueKind.Null);
        Viewer(anonymousView).ShouldBe(new ViewerBlock(false, [], false, false, false));

        var sponsorView = await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync();
        Viewer(sponsorView).ShouldBe(new ViewerBlock(true, ["Facilitator", "Sponsor"], true, true, true));
        sponsorView.GetProperty("pendingReviews").GetInt32().ShouldBe(0);

        Viewer(await ForumAsync(contributor, group)).ShouldBe(new ViewerBlock(true, ["Contributor"], true, false, false));
        Viewer(await ForumAsync(reader, group)).ShouldBe(new ViewerBlock(true, ["Reader"], false, false, false));
        Viewer(await ForumAsync(expert, group)).ShouldBe(new ViewerBlock(true, ["DomainExpert"], true, true, false));
        Viewer(await ForumAsync(outsider, group)).ShouldBe(new ViewerBlock(false, [], false, false, false));
    }

    [Fact]
    public async Task The_forum_of_a_members_only_group_is_for_its_members()
    {
        var sponsor = await app.RegisterConfirmedAsync("Private Sponsor");
        var member = await app.RegisterConfirmedAsync("Private Member");
        var outsider = await app.RegisterConfirmedAsync("Private Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        await member.JoinForumAsync(group);

        await (await app.CreateClient().GetAsync(DiscussionsApi.Forum(group))).ProblemAsync(401);
        await (await outsider.Session.GetAsync(DiscussionsApi.Forum(group))).ProblemAsync(403);
        await (await outsider.Session.GetAsync($"{DiscussionsApi.Forum(group)}/topics")).ProblemAsync(403);
        Viewer(await ForumAsync(member, group)).ShouldBe(new ViewerBlock(true, ["Contributor"], true, false, false));
    }

    private sealed record ViewerBlock(bool IsMember, string[] Roles, bool CanPost, bool CanAcceptAnswers, bool CanModerate)
    {
        public bool Equals(ViewerBlock? other) => other is not null && IsMember == other.IsMember && Roles.SequenceEqual(other.Roles)
            && CanPost == other.CanPost && CanAcceptAnswers == other.CanAcceptAnswers && CanModerate == other.CanModerate;

        public override int GetHashCode() => HashCode.Combine(IsMember, CanPost, CanAcceptAnswers, CanModerate);

        public override string ToString() =>
            $"isMember={IsMember} roles=[{string.Join(",", Roles)}] canPost={CanPost} canAcceptAnswers={CanAcceptAnswers} canModerate={CanModerate}";
    }

    private static ViewerBlock Viewer(JsonElement forum)
    {
        var viewer = forum.GetProperty("viewer");
        return new ViewerBlock(viewer.GetProperty("isMember").GetBoolean(),
            viewer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order().ToArray(),
            viewer.GetProperty("canPost").GetBoolean(), viewer.GetProperty("canAcceptAnswers").GetBoolean(), viewer.GetProperty("canModerate").GetBoolean());
    }

    private static async Task<JsonElement> ForumAsync(TestMember member, Guid group) =>
        await (await member.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync();

    private static async Task<List<JsonElement>> CategoriesAsync(HttpClient client, Guid group) =>
        (await (await client.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("categories").EnumerateArray().ToList();

    private static async Task<int> TopicNumberAsync(Task<HttpResponseMessage> started) =>
        (await (await started).JsonAsync()).GetProperty("number").GetInt32();

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
