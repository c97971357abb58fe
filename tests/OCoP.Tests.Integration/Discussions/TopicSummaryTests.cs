using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The summary a facilitator pins at the top of a long topic, with the posts it draws on (issue 15, item 4;
/// docs/adr/0075): who may write it, what it must name, how the topic shows it, and what the moderation log keeps.
/// </summary>
public sealed class TopicSummaryTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_facilitator_writes_the_summary_the_topic_shows_it_on_every_page_and_a_replacement_and_removal_are_logged()
    {
        var (sponsor, facilitator, member, group) = await ForumAsync("Write");
        var topic = await member.StartTopicNumberAsync(group, "Which room for the clinic?", "Room 12 or room 14?");
        for (var i = 2; i <= 5; i++)
        {
            await (i % 2 == 0 ? sponsor : member).ReplyNumberAsync(group, topic, $"Reply {i}.");
        }

        var written = await (await facilitator.WriteSummaryAsync(group, topic, "**Settled**: room 12, from March.", 4, 2, 4)).JsonAsync();
        written.GetProperty("authorId").GetGuid().ShouldBe(facilitator.Id);
        written.GetProperty("authorName").GetString().ShouldBe(facilitator.DisplayName);
        written.GetProperty("source").GetString().ShouldBe("**Settled**: room 12, from March.");
        PostNumbersOf(written).ShouldBe([2, 4]); // in order, each once

        // Any reader sees it in the topic's JSON, on every page of the topic; the Markdown source only goes to who may rewrite it.
        foreach (var query in new[] { "", "?page=2&limit=2", "?view=threaded" })
        {
            var summary = (await app.CreateClient().TopicPageAsync(group, topic, query)).GetProperty("topic").GetProperty("summary");
            summary.GetProperty("html").GetString()!.ShouldContain("<strong>Settled</strong>", customMessage: query);
            summary.GetProperty("authorName").GetString().ShouldBe(facilitator.DisplayName);
            summary.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
            summary.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ShouldAllBe(path => path!.Contains($"/topics/{topic}/posts/"));
            PostNumbersOf(summary).ShouldBe([2, 4]);
        }

        (await sponsor.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("summary").GetProperty("source").GetString()
            .ShouldBe("**Settled**: room 12, from March.");

        // The sponsor replaces it: the topic names the new author; the log keeps who wrote the version replaced.
        (await sponsor.WriteSummaryAsync(group, topic, "Room 12 from March; room 14 in the holidays.", 5)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replaced = (await member.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("summary");
        replaced.GetProperty("authorId").GetGuid().ShouldBe(sponsor.Id);
        PostNumbersOf(replaced).ShouldBe([5]);

        (await sponsor.Session.DeleteAsync(SummaryPath(group, topic))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("summary").ValueKind.ShouldBe(JsonValueKind.Null);
        // Removing what is not there is no change: still 204, nothing logged.
        (await facilitator.Session.DeleteAsync(SummaryPath(group, topic))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var log = (await sponsor.ModerationLogAsync(group)).Where(l => l.GetProperty("action").GetString()!.StartsWith("summary")).ToList();
        log.Select(l => (l.GetProperty("action").GetString(), l.GetProperty("moderatorId").GetGuid(), l.GetProperty("memberId").GetGuid()))
            .ShouldBe([("summary removed", sponsor.Id, sponsor.Id), ("summary replaced", sponsor.Id, facilitator.Id), ("summary written", facilitator.Id, member.Id)]);
        log[1].GetProperty("reason").GetString()!.ShouldStartWith("The earlier summary was written ");
        log.ShouldAllBe(l => l.GetProperty("topicNumber").GetInt32() == topic);
    }

    [Fact]
    public async Task Only_those_who_moderate_the_forum_write_or_remove_it_and_who_cannot_see_the_topic_gets_a_404()
    {
        var (sponsor, facilitator, member, group) = await ForumAsync("Roles");
        var reader = await app.RegisterConfirmedAsync("Roles Reader");
        var outsider = await app.RegisterConfirmedAsync("Roles Outsider");
        await reader.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(reader, group, "Reader");
        var topic = await member.StartTopicNumberAsync(group, "My own topic", "Still not mine to summarise.");

        // Who may: the group's facilitators and sponsors (the forum's moderators, GroupAction.Moderate).
        foreach (var allowed in new[] { facilitator, sponsor })
        {
            (await allowed.WriteSummaryAsync(group, topic, $"Summary by {allowed.DisplayName}.")).StatusCode.ShouldBe(HttpStatusCode.OK, allowed.DisplayName);
        }

        // Who may not: the topic's author and other plain members, readers, a signed-in non-member of the public group (403), anonymous (401).
        foreach (var refused in new[] { member, reader, outsider })
        {
            await (await refused.WriteSummaryAsync(group, topic, "Let me summarise.")).ProblemAsync(403);
            await (await refused.Session.DeleteAsync(SummaryPath(group, topic))).ProblemAsync(403);
        }

        (await app.CreateClient().PutAsJsonAsync(SummaryPath(group, topic), new { body = "Anonymous." })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("summary").GetProperty("authorId").GetGuid()
            .ShouldBe(sponsor.Id);
        await (await facilitator.WriteSummaryAsync(group, topic + 100, "No such topic.")).ProblemAsync(404);

        // A secret group's topic does not exist for an outsider: 404 for writing and removing, as for reading.
        var secret = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var hidden = await sponsor.StartTopicNumberAsync(secret, "Secret business", "Members only.");
        await (await outsider.WriteSummaryAsync(secret, hidden, "Peek.")).ProblemAsync(404);
        await (await outsider.Session.DeleteAsync(SummaryPath(secret, hidden))).ProblemAsync(404);
        await (await outsider.Session.GetAsync(DiscussionsApi.Topic(secret, hidden))).ProblemAsync(404);

        // A members-only group: the outsider sees that it exists, and is told to join to read (the group-access rule's 403).
        var membersOnly = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var closed = await sponsor.StartTopicNumberAsync(membersOnly, "Members only business", "For members.");
        await (await outsider.WriteSummaryAsync(membersOnly, closed, "Peek.")).ProblemAsync(403);
        await (await outsider.Session.GetAsync(DiscussionsApi.Topic(membersOnly, closed))).ProblemAsync(403);
        (await sponsor.WriteSummaryAsync(membersOnly, closed, "For members.")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_summary_names_only_visible_posts_of_the_topic_and_bad_input_is_a_400_naming_the_field()
    {
        var (sponsor, facilitator, member, group) = await ForumAsync("Bad");
        var flagger = await app.RegisterConfirmedAsync("Bad Flagger");
        await flagger.JoinForumAsync(group);
        var topic = await member.StartTopicNumberAsync(group, "A topic with gaps", "Opening.");
        var other = await member.StartTopicNumberAsync(group, "Another topic", "Opening.");
        await member.ReplyNumberAsync(group, other, "Only in the other topic."); // post 2 there; this topic has none
        var deleted = await member.ReplyNumberAsync(group, topic, "A reply soon deleted.");
        var hiddenPost = await member.ReplyNumberAsync(group, topic, "Visit my shop.");
        var kept = await sponsor.ReplyNumberAsync(group, topic, "A reply that stays.");
        (await member.DeletePostAsync(group, topic, deleted, "Posted too early.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flagger.FlagAsync(group, topic, hiddenPost, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var hiddenId = (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(hiddenPost).GetProperty("id").GetGuid();
        (await sponsor.ReviewAsync(group, hiddenId, "Hide", message: "Advertising.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var (body, numbers, field) in new (string, int[], string)[]
        {
            ("Points at nothing.", [kept, 99], "postNumbers"),
            ("Points at a deleted post.", [deleted], "postNumbers"),
            ("Points at a hidden post.", [1, hiddenPost], "postNumbers"),
            ("Post zero.", [0], "postNumbers"),
            ("Too many.", Enumerable.Range(1, 51).ToArray(), "postNumbers"),
            ("", [kept], "body"),
            (new string('x', 10_001), [kept], "body"),
        })
        {
            var problem = await (await facilitator.WriteSummaryAsync(group, topic, body, numbers)).ProblemAsync(400);
            string.Join(",", problem.ErrorFields()).ShouldBe(field, $"{body[..Math.Min(body.Length, 30)]} {string.Join(",", numbers)}");
        }

        var missing = await (await facilitator.WriteSummaryAsync(group, topic, "Two missing.", 99, hiddenPost)).ProblemAsync(400);
        missing.GetProperty("errors").GetProperty("postNumbers")[0].GetString().ShouldBe($"The topic has no visible posts {hiddenPost}, 99.");
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("summary").ValueKind.ShouldBe(JsonValueKind.Null);

        // Without post numbers, or with the visible ones: accepted.
        (await facilitator.Session.PutAsJsonAsync(SummaryPath(group, topic), new { body = "No sources named." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        PostNumbersOf(await (await facilitator.WriteSummaryAsync(group, topic, "Sources named.", kept, 1)).JsonAsync()).ShouldBe([1, kept]);
    }

    private static string SummaryPath(Guid group, int topic) => $"{DiscussionsApi.Topic(group, topic)}/summary";

    private static int[] PostNumbersOf(JsonElement summary) =>
        summary.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()).ToArray();

    private async Task<(TestMember Sponsor, TestMember Facilitator, TestMember Member, Guid Group)> ForumAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var facilitator = await app.RegisterConfirmedAsync($"{name} Facilitator");
        var member = await app.RegisterConfirmedAsync($"{name} Member");
        var group = await sponsor.CreateForumAsync();
        await facilitator.JoinForumAsync(group);
        await member.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(facilitator, group, "Facilitator");
        return (sponsor, facilitator, member, group);
    }
}

internal static class TopicSummaryApi
{
    public static Task<HttpResponseMessage> WriteSummaryAsync(this TestMember actor, Guid group, int topic, string body, params int[] postNumbers) =>
        actor.Session.PutAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/summary", new { body, postNumbers });
}
