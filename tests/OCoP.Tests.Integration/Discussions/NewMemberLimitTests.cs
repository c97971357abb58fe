using System.Net;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// A member's first day in a group allows a few topics, replies and links per post (like Discourse's trust level 0);
/// facilitators are trusted at once; everyone writes at most so many posts a minute.
/// </summary>
public sealed class NewMemberLimitTests(NewMemberLimitTests.App app) : IClassFixture<NewMemberLimitTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:NewMembers:Topics"] = "2",
            ["Discussions:NewMembers:Replies"] = "3",
            ["Discussions:NewMembers:LinksPerPost"] = "1",
            ["Discussions:PostsPerMinute"] = "6",
        };
    }

    private static readonly TimeSpan DayAndAMinute = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_new_member_starts_only_the_allowed_topics_in_their_first_day()
    {
        var (_, member, group) = await ForumWithNewMemberAsync("Topics");
        (await member.StartTopicAsync(group, "First topic", "One.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await member.StartTopicAsync(group, "Second topic", "Two.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await member.StartTopicAsync(group, "Third topic", "Three.");
        (await refused.ProblemAsync(429)).GetProperty("title").GetString().ShouldBe("New member limit");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([2, 1]);
        // Replies are counted apart from topics.
        (await member.ReplyAsync(group, 1, "Replying is still fine.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(DayAndAMinute);
        try
        {
            (await member.StartTopicAsync(group, "Third topic", "A day later.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            app.Clock.Advance(-DayAndAMinute);
        }
    }

    [Fact]
    public async Task A_new_member_writes_only_the_allowed_replies_in_their_first_day()
    {
        var (sponsor, member, group) = await ForumWithNewMemberAsync("Replies");
        var topic = await sponsor.StartTopicNumberAsync(group, "Introduce yourself", "Who are you?");
        for (var i = 1; i <= 3; i++)
        {
            (await member.ReplyAsync(group, topic, $"Reply {i}.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await member.ReplyAsync(group, topic, "Reply 4.");
        var problem = await refused.ProblemAsync(429);
        problem.GetProperty("title").GetString().ShouldBe("New member limit");
        problem.GetProperty("detail").GetString()!.ShouldContain("3 replies");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(3);
        (await member.StartTopicAsync(group, "A topic of my own", "Topics are counted apart.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(DayAndAMinute);
        try
        {
            (await member.ReplyAsync(group, topic, "Reply 4, a day later.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            app.Clock.Advance(-DayAndAMinute);
        }
    }

    [Fact]
    public async Task A_new_members_post_holds_only_the_allowed_links()
    {
        var (sponsor, member, group) = await ForumWithNewMemberAsync("Links");
        var topic = await sponsor.StartTopicNumberAsync(group, "Share resources", "Links welcome.");
        const string twoLinks = "See [one](https://example.org/one) and [two](https://example.org/two).";

        (await (await member.StartTopicAsync(group, "Two links", twoLinks)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await (await member.ReplyAsync(group, topic, twoLinks)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);
        (await member.ReplyAsync(group, topic, "Only [one](https://example.org/one).")).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(DayAndAMinute);
        try
        {
            (await member.ReplyAsync(group, topic, twoLinks)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            app.Clock.Advance(-DayAndAMinute);
        }
    }

    [Fact]
    public async Task Facilitators_are_not_held_to_the_new_member_limits()
    {
        var (sponsor, member, group) = await ForumWithNewMemberAsync("Trusted");
        const string threeLinks = "[a](https://example.org/a), [b](https://example.org/b) and [c](https://example.org/c).";
        for (var i = 1; i <= 3; i++)
        {
            (await sponsor.StartTopicAsync(group, $"Facilitator topic {i}", threeLinks)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await sponsor.SetForumRolesAsync(member, group, "Facilitator");
        for (var i = 1; i <= 3; i++)
        {
            (await member.StartTopicAsync(group, $"Co-facilitator topic {i}", threeLinks)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // A minute later (the rate limit is not under test here), more replies than a newcomer's day allows.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                (await member.ReplyAsync(group, 1, $"Co-facilitator reply {i}: {threeLinks}")).StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromSeconds(61));
        }

        (await app.CreateClient().TopicListAsync(group, "?limit=100")).Numbers().Length.ShouldBe(6);
        (await app.CreateClient().TopicPageAsync(group, 1)).GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Every_member_writes_at_most_the_allowed_posts_a_minute()
    {
        var (sponsor, member, group) = await ForumWithNewMemberAsync("Rate");
        var topic = await sponsor.StartTopicNumberAsync(group, "A busy minute", "Post 1.");
        for (var i = 2; i <= 6; i++)
        {
            (await sponsor.ReplyAsync(group, topic, $"Post {i}.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await sponsor.ReplyAsync(group, topic, "Post 7.");
        (await refused.ProblemAsync(429)).GetProperty("title").GetString().ShouldBe("Too many posts");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        await (await sponsor.StartTopicAsync(group, "Another topic", "Topics count too.")).ProblemAsync(429);
        // The limit is per member: someone else still writes.
        (await member.ReplyAsync(group, topic, "My first post.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        try
        {
            (await sponsor.ReplyAsync(group, topic, "Post 7, a minute later.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromSeconds(61));
        }
    }

    private async Task<(TestMember Sponsor, TestMember Member, Guid Group)> ForumWithNewMemberAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var member = await app.RegisterConfirmedAsync($"{name} Newcomer");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        return (sponsor, member, group);
    }
}
