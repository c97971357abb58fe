using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Members flag posts; enough flaggers hide a post until review; facilitators review; the log keeps every action.</summary>
public sealed class FlagTests(SharedOCoPApp app)
{
    private static readonly string[] Clauses = ["Be kind to each other.", "Stay on the group's topic.", "No selling."];

    [Fact]
    public async Task A_member_flags_posts_as_spam_off_topic_against_a_clause_or_for_another_stated_reason()
    {
        var forum = await ForumAsync("Reasons");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Buy my worksheets", "Cheap!");
        for (var i = 0; i < 3; i++)
        {
            await forum.Author.ReplyNumberAsync(forum.Group, topic, $"Reply {i + 2}.");
        }

        var flagger = forum.Flaggers[0];
        (await flagger.FlagAsync(forum.Group, topic, 1, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flagger.FlagAsync(forum.Group, topic, 2, "OffTopic")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await flagger.FlagAsync(forum.Group, topic, 3, "CodeOfConduct")).ProblemAsync(400)).ErrorFields().ShouldBe(["clause"]);
        (await (await flagger.FlagAsync(forum.Group, topic, 3, "CodeOfConduct", clause: 4)).ProblemAsync(400)).ErrorFields().ShouldBe(["clause"]);
        (await flagger.FlagAsync(forum.Group, topic, 3, "CodeOfConduct", clause: 2)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await flagger.FlagAsync(forum.Group, topic, 4, "Other")).ProblemAsync(400)).ErrorFields().ShouldBe(["text"]);
        (await flagger.FlagAsync(forum.Group, topic, 4, "Other", text: "It names a student.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var queue = await QueueAsync(forum.Sponsor, forum.Group);
        queue.Select(q => q.GetProperty("postNumber").GetInt32()).ShouldBe([1, 2, 3, 4]);
        queue.ShouldAllBe(q => !q.GetProperty("hidden").GetBoolean() && q.GetProperty("authorId").GetGuid() == forum.Author.Id
            && q.GetProperty("topicNumber").GetInt32() == topic);
        var flags = queue.Select(q => q.GetProperty("flags").EnumerateArray().Single()).ToList();
        flags.Select(f => f.GetProperty("reason").GetString()).ShouldBe(["Spam", "OffTopic", "CodeOfConduct", "Other"]);
        flags.ShouldAllBe(f => f.GetProperty("flaggedBy").GetGuid() == flagger.Id && f.GetProperty("flaggedByName").GetString() == flagger.DisplayName);
        flags[2].GetProperty("clause").GetInt32().ShouldBe(2);
        flags[2].GetProperty("clauseText").GetString().ShouldBe("Stay on the group's topic.");
        flags[3].GetProperty("text").GetString().ShouldBe("It names a student.");
        flags[0].GetProperty("clause").ValueKind.ShouldBe(JsonValueKind.Null);

        // One flag is not enough to hide anything.
        (await app.CreateClient().TopicPageAsync(forum.Group, topic)).GetProperty("posts").EnumerateArray()
            .ShouldAllBe(p => !p.GetProperty("hidden").GetBoolean() && p.GetProperty("html").GetString() != null);
        (await (await forum.Sponsor.Session.GetAsync(DiscussionsApi.Forum(forum.Group))).JsonAsync()).GetProperty("pendingReviews").GetInt32()
            .ShouldBe(4);
    }

    [Fact]
    public async Task Nobody_flags_their_own_post_a_deleted_post_or_a_post_of_a_group_they_are_not_in()
    {
        var forum = await ForumAsync("Own");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "My own words", "Nothing wrong here.");
        await forum.Author.ReplyNumberAsync(forum.Group, topic, "Second thoughts.");

        await (await forum.Author.FlagAsync(forum.Group, topic, 1, "Spam")).ProblemAsync(403);
        await (await forum.Author.FlagAsync(forum.Group, topic, 2, "Other", text: "I regret this.")).ProblemAsync(403);

        var outsider = await app.RegisterConfirmedAsync("Own Outsider");
        await (await outsider.FlagAsync(forum.Group, topic, 1, "Spam")).ProblemAsync(403);
        (await app.CreateClient().PostAsJsonAsync($"{DiscussionsApi.Post(forum.Group, topic, 1)}/flags", new { reason = "Spam" }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await forum.Author.Session.PostAsJsonAsync(DiscussionsApi.Post(forum.Group, topic, 2) + "/delete", new { reason = "Changed my mind." }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await forum.Flaggers[0].FlagAsync(forum.Group, topic, 2, "Spam")).ProblemAsync(409);
        await (await forum.Flaggers[0].FlagAsync(forum.Group, topic, 9, "Spam")).ProblemAsync(404);

        (await QueueAsync(forum.Sponsor, forum.Group)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_member_flagging_the_same_post_twice_counts_once()
    {
        var forum = await ForumAsync("Twice");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Twice flagged", "Opening.");
        await forum.Author.ReplyNumberAsync(forum.Group, topic, "Questionable reply.");
        var (first, second) = (forum.Flaggers[0], forum.Flaggers[1]);

        (await first.FlagAsync(forum.Group, topic, 2, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await first.FlagAsync(forum.Group, topic, 2, "Spam")).ProblemAsync(409);
        await (await first.FlagAsync(forum.Group, topic, 2, "OffTopic")).ProblemAsync(409);
        (await second.FlagAsync(forum.Group, topic, 2, "OffTopic")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Three flags, two members: under the threshold of three distinct flaggers, so still shown.
        var item = (await QueueAsync(forum.Sponsor, forum.Group)).Single();
        item.GetProperty("hidden").GetBoolean().ShouldBeFalse();
        item.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flaggedBy").GetGuid()).ShouldBe([first.Id, second.Id]);
        var reply = (await app.CreateClient().TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1];
        reply.GetProperty("hidden").GetBoolean().ShouldBeFalse();
        DiscussionEventsProbe.All<PostHidden>(forum.Group).ShouldBeEmpty();
    }

    [Fact]
    public async Task Three_members_flagging_a_post_hide_it_until_a_facilitator_approves_it()
    {
        var forum = await ForumAsync("Threshold");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Threshold topic", "Opening.");
        await forum.Author.ReplyNumberAsync(forum.Group, topic, "A reply three members dislike.");
        (await (await forum.Sponsor.Session.GetAsync(DiscussionsApi.Forum(forum.Group))).JsonAsync()).GetProperty("settings")
            .GetProperty("flagThreshold").GetInt32().ShouldBe(3);

        (await forum.Flaggers[0].FlagAsync(forum.Group, topic, 2, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await forum.Flaggers[1].FlagAsync(forum.Group, topic, 2, "OffTopic")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CreateClient().TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1].GetProperty("hidden").GetBoolean().ShouldBeFalse();
        (await forum.Flaggers[2].FlagAsync(forum.Group, topic, 2, "CodeOfConduct", clause: 1)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var page = await forum.Flaggers[0].Session.TopicPageAsync(forum.Group, topic);
        var hidden = page.GetProperty("posts")[1];
        hidden.GetProperty("hidden").GetBoolean().ShouldBeTrue();
        hidden.GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
        hidden.GetProperty("removedReason").GetString()!.ShouldContain("until a facilitator reviews it");
        page.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(0);
        (await app.CreateClient().TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1].GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
        // Its author still sees it, to fix it; the facilitators see it to review it.
        (await forum.Author.Session.TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1].GetProperty("html").GetString()!
            .ShouldContain("three members dislike");

        var item = (await QueueAsync(forum.Sponsor, forum.Group)).Single();
        item.GetProperty("hidden").GetBoolean().ShouldBeTrue();
        item.GetProperty("flags").GetArrayLength().ShouldBe(3);
        await (await forum.Flaggers[0].Session.GetAsync($"{DiscussionsApi.Forum(forum.Group)}/review")).ProblemAsync(403);
        await (await forum.Flaggers[0].ReviewAsync(forum.Group, item.GetProperty("postId").GetGuid(), "Approve")).ProblemAsync(403);

        (await forum.Sponsor.ReviewAsync(forum.Group, item.GetProperty("postId").GetGuid(), "Approve", message: "Blunt, but fine."))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var shown = await app.CreateClient().TopicPageAsync(forum.Group, topic);
        shown.GetProperty("posts")[1].GetProperty("hidden").GetBoolean().ShouldBeFalse();
        shown.GetProperty("posts")[1].GetProperty("html").GetString()!.ShouldContain("three members dislike");
        shown.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(1);
        (await QueueAsync(forum.Sponsor, forum.Group)).ShouldBeEmpty();

        var log = await forum.Sponsor.ModerationLogAsync(forum.Group);
        log.Select(l => (l.GetProperty("action").GetString(), l.GetProperty("moderatorName").GetString(), l.GetProperty("postNumber").GetInt32()))
            .ShouldBe([("approved", forum.Sponsor.DisplayName, 2), ("hidden", "OCoP (automatic)", 2)]);
        log[0].GetProperty("reason").GetString().ShouldBe("Blunt, but fine.");
        log[1].GetProperty("moderatorId").ValueKind.ShouldBe(JsonValueKind.Null);
        log.ShouldAllBe(l => l.GetProperty("memberId").GetGuid() == forum.Author.Id);
    }

    [Fact]
    public async Task A_group_that_lowers_its_flag_threshold_hides_a_post_at_the_first_flag()
    {
        var forum = await ForumAsync("Lower");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Lower threshold", "Opening.");
        await forum.Author.ReplyNumberAsync(forum.Group, topic, "Flag me once.");

        await (await forum.Flaggers[0].ChangeForumSettingsAsync(forum.Group, flagThreshold: 1)).ProblemAsync(403);
        (await (await forum.Sponsor.ChangeForumSettingsAsync(forum.Group, flagThreshold: 0)).ProblemAsync(400)).ErrorFields().ShouldBe(["flagThreshold"]);
        (await (await forum.Sponsor.ChangeForumSettingsAsync(forum.Group, flagThreshold: 1)).JsonAsync()).GetProperty("flagThreshold").GetInt32()
            .ShouldBe(1);

        (await forum.Flaggers[0].FlagAsync(forum.Group, topic, 2, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CreateClient().TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1].GetProperty("hidden").GetBoolean().ShouldBeTrue();
        (await QueueAsync(forum.Sponsor, forum.Group)).Single().GetProperty("hidden").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_facilitator_hides_deletes_or_warns_citing_a_clause_and_the_log_keeps_each_action()
    {
        var forum = await ForumAsync("Review");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Review topic", "Opening.");
        foreach (var body in new[] { "Visit my shop.", "What about football?", "You are all wrong, idiots." })
        {
            await forum.Author.ReplyNumberAsync(forum.Group, topic, body);
        }

        var flagger = forum.Flaggers[0];
        (await flagger.FlagAsync(forum.Group, topic, 2, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flagger.FlagAsync(forum.Group, topic, 3, "OffTopic")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flagger.FlagAsync(forum.Group, topic, 4, "CodeOfConduct", clause: 1)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var queue = await QueueAsync(forum.Sponsor, forum.Group);
        var ids = queue.ToDictionary(q => q.GetProperty("postNumber").GetInt32(), q => q.GetProperty("postId").GetGuid());

        await (await flagger.ReviewAsync(forum.Group, ids[2], "Hide")).ProblemAsync(403);
        (await forum.Sponsor.ReviewAsync(forum.Group, ids[2], "Hide", message: "Advertising.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await forum.Sponsor.ReviewAsync(forum.Group, ids[3], "Delete", message: "Off topic: try the staff-room group.")).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        (await (await forum.Sponsor.ReviewAsync(forum.Group, ids[4], "Warn", clause: 1)).ProblemAsync(400)).ErrorFields().ShouldBe(["message"]);
        (await (await forum.Sponsor.ReviewAsync(forum.Group, ids[4], "Warn", clause: 7, message: "Be kind.")).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["clause"]);
        (await forum.Sponsor.ReviewAsync(forum.Group, ids[4], "Warn", clause: 1, message: "Please disagree kindly.")).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);

        var posts = (await flagger.Session.TopicPageAsync(forum.Group, topic)).GetProperty("posts").EnumerateArray().ToList();
        posts[1].GetProperty("hidden").GetBoolean().ShouldBeTrue();
        posts[1].GetProperty("removedReason").GetString().ShouldBe("Advertising.");
        posts[2].GetProperty("deleted").GetBoolean().ShouldBeTrue();
        posts[2].GetProperty("removedReason").GetString().ShouldBe("Off topic: try the staff-room group.");
        posts[3].GetProperty("hidden").GetBoolean().ShouldBeFalse(); // a warning leaves the post as it is
        posts[3].GetProperty("deleted").GetBoolean().ShouldBeFalse();
        (await QueueAsync(forum.Sponsor, forum.Group)).ShouldBeEmpty();
        await (await forum.Sponsor.ReviewAsync(forum.Group, ids[3], "Approve")).ProblemAsync(409);

        var warned = await DiscussionEventsProbe.WaitForAsync<AuthorWarned>(forum.Group, e => e.PostId == ids[4]);
        warned.MemberId.ShouldBe(forum.Author.Id);
        warned.WarnedBy.ShouldBe(forum.Sponsor.Id);
        warned.Clause.ShouldBe(1);
        warned.Message.ShouldBe("Please disagree kindly.");

        var log = await forum.Sponsor.ModerationLogAsync(forum.Group);
        log.Select(l => (l.GetProperty("action").GetString(), l.GetProperty("postNumber").GetInt32(), l.GetProperty("reason").GetString()))
            .ShouldBe([("warned", 4, "Please disagree kindly."), ("deleted", 3, "Off topic: try the staff-room group."), ("hidden", 2, "Advertising.")]);
        log[0].GetProperty("clause").GetInt32().ShouldBe(1);
        log.ShouldAllBe(l => l.GetProperty("moderatorId").GetGuid() == forum.Sponsor.Id && l.GetProperty("memberId").GetGuid() == forum.Author.Id
            && l.GetProperty("memberName").GetString() == forum.Author.DisplayName);
        await (await flagger.Session.GetAsync($"{DiscussionsApi.Forum(forum.Group)}/moderation-log")).ProblemAsync(403);
    }

    [Fact]
    public async Task A_facilitator_who_keeps_a_post_hidden_by_flags_replaces_the_pending_reason_and_is_logged()
    {
        var forum = await ForumAsync("Confirm");
        var topic = await forum.Author.StartTopicNumberAsync(forum.Group, "Confirmed hiding", "Opening.");
        await forum.Author.ReplyNumberAsync(forum.Group, topic, "Cheap essays, click here.");
        (await forum.Sponsor.ChangeForumSettingsAsync(forum.Group, flagThreshold: 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await forum.Flaggers[0].FlagAsync(forum.Group, topic, 2, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var postId = (await QueueAsync(forum.Sponsor, forum.Group)).Single().GetProperty("postId").GetGuid();

        (await forum.Sponsor.ReviewAsync(forum.Group, postId, "Hide", message: "Spam, confirmed.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var reply = (await forum.Flaggers[0].Session.TopicPageAsync(forum.Group, topic)).GetProperty("posts")[1];
        reply.GetProperty("hidden").GetBoolean().ShouldBeTrue();
        reply.GetProperty("removedReason").GetString().ShouldBe("Spam, confirmed.");
        (await QueueAsync(forum.Sponsor, forum.Group)).ShouldBeEmpty();
        (await forum.Sponsor.ModerationLogAsync(forum.Group))
            .Select(l => (l.GetProperty("action").GetString(), l.GetProperty("moderatorName").GetString(), l.GetProperty("reason").GetString()))
            .ShouldBe([("hidden", forum.Sponsor.DisplayName, "Spam, confirmed."),
                ("hidden", "OCoP (automatic)", "Hidden until a facilitator reviews it: 1 members flagged it.")]);
    }

    private static async Task<List<JsonElement>> QueueAsync(TestMember facilitator, Guid group) =>
        (await (await facilitator.Session.GetAsync($"{DiscussionsApi.Forum(group)}/review?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private sealed record Forum(TestMember Sponsor, TestMember Author, TestMember[] Flaggers, Guid Group);

    /// <summary>A forum with a code of conduct, an author and three members who flag.</summary>
    private async Task<Forum> ForumAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var author = await app.RegisterConfirmedAsync($"{name} Author");
        var flaggers = new[] { await app.RegisterConfirmedAsync($"{name} Flagger One"), await app.RegisterConfirmedAsync($"{name} Flagger Two"),
            await app.RegisterConfirmedAsync($"{name} Flagger Three") };
        var group = await sponsor.CreateForumAsync();
        foreach (var member in flaggers.Prepend(author))
        {
            await member.JoinForumAsync(group);
        }

        await sponsor.PublishCodeOfConductAsync(group, Clauses);
        return new Forum(sponsor, author, flaggers, group);
    }
}
