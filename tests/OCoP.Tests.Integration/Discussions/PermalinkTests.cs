using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Every post's permanent link: where it is (page and path) for those who may read it, and nothing for others.</summary>
public sealed class PermalinkTests(PermalinkTests.App app) : IClassFixture<PermalinkTests.App>
{
    /// <summary>A topic of several pages is written faster than the site's ten posts a minute.</summary>
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task A_permalink_gives_anyone_who_may_read_the_post_its_page_and_path()
    {
        var sponsor = await app.RegisterConfirmedAsync("Link Sponsor");
        var member = await app.RegisterConfirmedAsync("Link Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Where is post forty-five?", "Post 1.");
        for (var number = 2; number <= 45; number++)
        {
            var author = number <= 6 ? member : sponsor; // a new member writes ten replies on their first day
            (await author.ReplyAsync(group, topic, $"Post {number}.", replyTo: number == 45 ? 21 : null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var slug = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("groupSlug").GetString();
        var topicPath = $"/groups/{slug}/topics/{topic}";
        foreach (var client in new[] { app.CreateClient(), member.Session, sponsor.Session })
        {
            var opening = await PermalinkAsync(client, group, topic, 1);
            opening.GetProperty("page").GetInt32().ShouldBe(1);
            opening.GetProperty("pageSize").GetInt32().ShouldBe(20);
            opening.GetProperty("path").GetString().ShouldBe($"{topicPath}/posts/1");
            opening.GetProperty("pagePath").GetString().ShouldBe($"{topicPath}#post-1");
            opening.GetProperty("topicNumber").GetInt32().ShouldBe(topic);
            opening.GetProperty("topicTitle").GetString().ShouldBe("Where is post forty-five?");

            var last = await PermalinkAsync(client, group, topic, 45);
            last.GetProperty("page").GetInt32().ShouldBe(3);
            last.GetProperty("path").GetString().ShouldBe($"{topicPath}/posts/45");
            last.GetProperty("pagePath").GetString().ShouldBe($"{topicPath}?page=3#post-45");
            var post = last.GetProperty("post");
            post.GetProperty("number").GetInt32().ShouldBe(45);
            post.GetProperty("authorName").GetString().ShouldBe("Link Sponsor");
            post.GetProperty("html").GetString()!.Trim().ShouldBe("<p>Post 45.</p>");
            post.GetProperty("replyToNumber").GetInt32().ShouldBe(21);
            post.GetProperty("replyToAuthorName").GetString().ShouldBe("Link Sponsor");
            post.GetProperty("path").GetString().ShouldBe($"{topicPath}/posts/45");

            (await PermalinkAsync(client, group, topic, 20)).GetProperty("page").GetInt32().ShouldBe(1);
            (await PermalinkAsync(client, group, topic, 21)).GetProperty("page").GetInt32().ShouldBe(2);
            (await PermalinkAsync(client, group, topic, 40)).GetProperty("page").GetInt32().ShouldBe(2);
        }

        // The page the permalink names really holds the post.
        (await app.CreateClient().TopicPageAsync(group, topic, "?page=3")).PostNumbers().ShouldContain(45);
        (await app.CreateClient().TopicPageAsync(group, topic, "?page=2")).PostNumbers().ShouldContain(21);
    }

    [Fact]
    public async Task In_a_members_only_group_a_permalink_asks_visitors_to_sign_in_and_refuses_non_members()
    {
        var sponsor = await app.RegisterConfirmedAsync("Closed Sponsor");
        var member = await app.RegisterConfirmedAsync("Closed Member");
        var outsider = await app.RegisterConfirmedAsync("Closed Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "For members only", "Post 1.");
        (await member.ReplyNumberAsync(group, topic, "Post 2.")).ShouldBe(2);

        await (await app.CreateClient().GetAsync(DiscussionsApi.Post(group, topic, 2))).ProblemAsync(401);
        // docs/discussions.md: signed-in non-members of a members-only group are told to join; they learn nothing of the post.
        var refused = await (await outsider.Session.GetAsync(DiscussionsApi.Post(group, topic, 2))).ProblemAsync(403);
        refused.GetProperty("detail").GetString()!.ShouldContain("join the group");
        refused.TryGetProperty("post", out _).ShouldBeFalse();
        await (await outsider.Session.GetAsync(DiscussionsApi.Post(group, topic, 99))).ProblemAsync(403);

        var seen = await PermalinkAsync(member.Session, group, topic, 2);
        seen.GetProperty("post").GetProperty("authorName").GetString().ShouldBe("Closed Member");
        seen.GetProperty("page").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task In_a_secret_group_a_permalink_is_not_found_for_outsiders_rather_than_forbidden()
    {
        var sponsor = await app.RegisterConfirmedAsync("Secret Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Secret Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var topic = await sponsor.StartTopicNumberAsync(group, "Nobody else knows", "Post 1.");

        var forOutsider = await (await outsider.Session.GetAsync(DiscussionsApi.Post(group, topic, 1))).ProblemAsync(404);
        var forUnknownGroup = await (await outsider.Session.GetAsync(DiscussionsApi.Post(Guid.NewGuid(), topic, 1))).ProblemAsync(404);
        forOutsider.GetProperty("detail").GetString().ShouldBe(forUnknownGroup.GetProperty("detail").GetString());
        await (await app.CreateClient().GetAsync(DiscussionsApi.Post(group, topic, 1))).ProblemAsync(404);

        (await PermalinkAsync(sponsor.Session, group, topic, 1)).GetProperty("post").GetProperty("number").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_post_or_topic_is_a_404_problem()
    {
        var sponsor = await app.RegisterConfirmedAsync("Lost Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "Only two posts here", "Post 1.");
        await sponsor.ReplyNumberAsync(group, topic, "Post 2.");

        var anonymous = app.CreateClient();
        var unknownPost = await (await anonymous.GetAsync(DiscussionsApi.Post(group, topic, 3))).ProblemAsync(404);
        unknownPost.GetProperty("title").GetString().ShouldBe("Not found");
        unknownPost.GetProperty("detail").GetString().ShouldBe("Post 3 of this topic was not found.");
        await (await anonymous.GetAsync(DiscussionsApi.Post(group, topic + 1, 1))).ProblemAsync(404);
        await (await anonymous.GetAsync(DiscussionsApi.Post(group, topic, 0))).ProblemAsync(404);
    }

    [Fact]
    public async Task A_deleted_post_keeps_its_permalink_and_place_but_not_its_words()
    {
        var sponsor = await app.RegisterConfirmedAsync("Kept Sponsor");
        var member = await app.RegisterConfirmedAsync("Kept Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "A post that goes away", "Post 1.");
        await member.ReplyNumberAsync(group, topic, "Something I regret writing.");
        (await member.DeletePostAsync(group, topic, 2, "Posted in the wrong topic.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var location = await PermalinkAsync(app.CreateClient(), group, topic, 2);
        location.GetProperty("page").GetInt32().ShouldBe(1);
        var post = location.GetProperty("post");
        post.GetProperty("deleted").GetBoolean().ShouldBeTrue();
        post.GetProperty("removedReason").GetString().ShouldBe("Posted in the wrong topic.");
        post.GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
        post.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static async Task<JsonElement> PermalinkAsync(HttpClient client, Guid group, int topic, int post) =>
        await (await client.GetAsync(DiscussionsApi.Post(group, topic, post))).JsonAsync();
}
