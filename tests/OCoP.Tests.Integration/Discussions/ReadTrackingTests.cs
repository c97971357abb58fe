using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>What each member has read, unread counts and "new" topics in lists, the four sorts, and keyset paging.</summary>
public sealed class ReadTrackingTests(ReadTrackingTests.App app) : IClassFixture<ReadTrackingTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task Reading_records_the_last_post_read_and_never_moves_backwards()
    {
        var (sponsor, reader, group) = await ForumWithReaderAsync("Mark");
        var topic = await sponsor.StartTopicNumberAsync(group, "Four posts", "Post 1.");
        for (var i = 2; i <= 4; i++)
        {
            await sponsor.ReplyNumberAsync(group, topic, $"Post {i}.");
        }

        (await reader.Session.TopicPageAsync(group, topic)).GetProperty("lastReadPostNumber").GetInt32().ShouldBe(0);
        (await MarkReadAsync(reader, group, topic, 3)).ShouldBe(3);
        (await reader.Session.TopicPageAsync(group, topic)).GetProperty("lastReadPostNumber").GetInt32().ShouldBe(3);

        // Opening an earlier page again keeps the place reached.
        (await MarkReadAsync(reader, group, topic, 2)).ShouldBe(3);
        (await reader.Session.TopicPageAsync(group, topic)).GetProperty("lastReadPostNumber").GetInt32().ShouldBe(3);
        // Beyond the last post is the last post.
        (await MarkReadAsync(reader, group, topic, 99)).ShouldBe(4);

        // Each member has their own place; signed-out readers have none.
        (await sponsor.Session.TopicPageAsync(group, topic)).GetProperty("lastReadPostNumber").GetInt32().ShouldBe(0);
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("lastReadPostNumber").ValueKind.ShouldBe(JsonValueKind.Null);
        (await app.CreateClient().PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/read", new { postNumber = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await reader.Session.PostAsJsonAsync($"{DiscussionsApi.Topic(group, 42)}/read", new { postNumber = 1 })).ProblemAsync(404);
    }

    [Fact]
    public async Task The_topic_list_shows_each_members_unread_posts_and_marks_never_opened_topics_new()
    {
        var (sponsor, reader, group) = await ForumWithReaderAsync("Unread");
        var other = await app.RegisterConfirmedAsync("Unread Other");
        await other.JoinForumAsync(group);
        var read = await sponsor.StartTopicNumberAsync(group, "Partly read", "Post 1.");
        await sponsor.ReplyNumberAsync(group, read, "Post 2.");
        await sponsor.ReplyNumberAsync(group, read, "Post 3.");
        var fresh = await sponsor.StartTopicNumberAsync(group, "Never opened", "Post 1.");

        (await MarkReadAsync(reader, group, read, 2)).ShouldBe(2);
        var mine = await ByNumberAsync(reader.Session, group);
        (mine[read].GetProperty("new").GetBoolean(), mine[read].GetProperty("unread").GetInt32()).ShouldBe((false, 1));
        (mine[fresh].GetProperty("new").GetBoolean(), mine[fresh].GetProperty("unread").GetInt32()).ShouldBe((true, 1));

        var theirs = await ByNumberAsync(other.Session, group);
        (theirs[read].GetProperty("new").GetBoolean(), theirs[read].GetProperty("unread").GetInt32()).ShouldBe((true, 3));

        // A new reply adds to the unread count; reading it all brings it to zero.
        await other.ReplyNumberAsync(group, read, "Post 4.");
        (await ByNumberAsync(reader.Session, group))[read].GetProperty("unread").GetInt32().ShouldBe(2);
        await MarkReadAsync(reader, group, read, 4);
        await MarkReadAsync(reader, group, fresh, 1);
        mine = await ByNumberAsync(reader.Session, group);
        mine.Values.ShouldAllBe(t => !t.GetProperty("new").GetBoolean() && t.GetProperty("unread").GetInt32() == 0);

        // Signed out: no read state at all.
        (await ByNumberAsync(app.CreateClient(), group)).Values.ShouldAllBe(t =>
            t.GetProperty("new").ValueKind == JsonValueKind.Null && t.GetProperty("unread").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Latest_newest_active_and_unanswered_sort_the_topics_as_promised()
    {
        var (sponsor, member, group) = await ForumWithReaderAsync("Sorts");
        var t1 = await sponsor.StartTopicNumberAsync(group, "Discussion one", "Body.");
        var t2 = await sponsor.StartTopicNumberAsync(group, "Question two", "Body.", kind: "Question");
        var t3 = await sponsor.StartTopicNumberAsync(group, "Discussion three", "Body.");
        var t4 = await sponsor.StartTopicNumberAsync(group, "Question four", "Body.", kind: "Question");
        var t5 = await sponsor.StartTopicNumberAsync(group, "Question five", "Body.", kind: "Question");
        await member.ReplyNumberAsync(group, t1, "First reply to one.");
        await member.ReplyNumberAsync(group, t3, "Reply to three.");
        await member.ReplyNumberAsync(group, t1, "Second reply to one.");
        await member.ReplyNumberAsync(group, t4, "The answer to four.");
        (await sponsor.AcceptAnswerAsync(group, t4, 2)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var client = app.CreateClient();
        (await client.TopicListAsync(group)).Numbers().ShouldBe([t4, t1, t3, t5, t2]);
        (await client.TopicListAsync(group, "?sort=latest")).Numbers().ShouldBe([t4, t1, t3, t5, t2]);
        (await client.TopicListAsync(group, "?sort=newest")).Numbers().ShouldBe([t5, t4, t3, t2, t1]);
        (await client.TopicListAsync(group, "?sort=active")).Numbers().ShouldBe([t1, t4, t3, t5, t2]);
        (await client.TopicListAsync(group, "?sort=unanswered")).Numbers().ShouldBe([t5, t2]);
        (await (await client.GetAsync($"{DiscussionsApi.Forum(group)}/topics?sort=popular")).ProblemAsync(400)).ErrorFields().ShouldBe(["sort"]);

        var latest = (await client.TopicListAsync(group)).GetProperty("items")[0];
        latest.GetProperty("lastPosterName").GetString().ShouldBe(member.DisplayName);
        latest.GetProperty("replyCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Paging_with_the_cursor_returns_every_topic_exactly_once_in_each_sort()
    {
        var (sponsor, member, group) = await ForumWithReaderAsync("Paging");
        for (var i = 1; i <= 25; i++)
        {
            await sponsor.StartTopicNumberAsync(group, $"Paged topic {i}", "Body.", kind: i % 3 == 0 ? "Question" : "Discussion");
        }

        foreach (var (topic, replies) in new[] { (3, 1), (10, 2), (17, 3), (24, 1) })
        {
            for (var r = 0; r < replies; r++)
            {
                await member.ReplyNumberAsync(group, topic, $"Reply {r} to {topic}.");
            }
        }

        (await sponsor.ChangeTopicStateAsync(group, 5, pinned: true)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var client = app.CreateClient();
        foreach (var sort in new[] { "latest", "newest", "active", "unanswered" })
        {
            var whole = (await client.TopicListAsync(group, $"?sort={sort}&limit=100")).Numbers();
            whole.Length.ShouldBe(sort == "unanswered" ? 8 : 25);

            var paged = new List<int>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await client.TopicListAsync(group, $"?sort={sort}&limit=4{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
                paged.AddRange(page.Numbers());
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null && pages < 20);

            paged.ToArray().ShouldBe(whole, $"paging {sort}");
            paged.Distinct().Count().ShouldBe(paged.Count);
        }

        (await client.TopicListAsync(group, "?limit=100")).Numbers()[0].ShouldBe(5);
        (await (await client.GetAsync($"{DiscussionsApi.Forum(group)}/topics?cursor=not-a-cursor")).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["cursor"]);
    }

    private static async Task<int> MarkReadAsync(TestMember member, Guid group, int topic, int postNumber) =>
        (await (await member.Session.PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/read", new { postNumber })).JsonAsync())
        .GetProperty("lastReadPostNumber").GetInt32();

    private static async Task<Dictionary<int, JsonElement>> ByNumberAsync(HttpClient client, Guid group) =>
        (await client.TopicListAsync(group)).GetProperty("items").EnumerateArray().ToDictionary(t => t.GetProperty("number").GetInt32());

    private async Task<(TestMember Sponsor, TestMember Reader, Guid Group)> ForumWithReaderAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var reader = await app.RegisterConfirmedAsync($"{name} Reader");
        var group = await sponsor.CreateForumAsync();
        await reader.JoinForumAsync(group);
        return (sponsor, reader, group);
    }
}
