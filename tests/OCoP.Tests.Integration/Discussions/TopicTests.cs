using System.Net;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

public sealed class TopicTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_member_starts_a_topic_another_replies_and_both_read_it_in_order()
    {
        var sponsor = await app.RegisterConfirmedAsync("Topic Sponsor");
        var member = await app.RegisterConfirmedAsync("Topic Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);

        var topic = await member.StartTopicNumberAsync(group, "Opening a coaching session", "What is your first question?");
        topic.ShouldBe(1);
        var reply = await sponsor.ReplyNumberAsync(group, topic, "I ask what they want from today.", replyTo: 1);
        reply.ShouldBe(2);

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        page.GetProperty("topic").GetProperty("title").GetString().ShouldBe("Opening a coaching session");
        page.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(1);
        var posts = page.GetProperty("posts").EnumerateArray().ToList();
        posts.Select(p => p.GetProperty("number").GetInt32()).ShouldBe([1, 2]);
        posts[1].GetProperty("authorName").GetString().ShouldBe("Topic Sponsor");
        posts[1].GetProperty("html").GetString()!.ShouldContain("<p>I ask what they want from today.</p>");

        var list = await app.CreateClient().TopicListAsync(group);
        list.GetProperty("items").EnumerateArray().Single().GetProperty("replyCount").GetInt32().ShouldBe(1);
        (await app.CreateClient().GetAsync(DiscussionsApi.Topic(group, 99))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
