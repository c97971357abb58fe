using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Modules.Discussions.Topics;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Facilitators pin, lock, close and reopen topics; groups may close idle topics; the moderation log shows it all.</summary>
public sealed class TopicStateTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_pinned_topic_leads_the_latest_list_until_it_is_unpinned()
    {
        var (sponsor, _, group) = await ForumWithMemberAsync("Pin");
        var first = await sponsor.StartTopicNumberAsync(group, "Welcome and house rules", "Read me first.");
        var second = await sponsor.StartTopicNumberAsync(group, "Second topic", "Body.");
        var third = await sponsor.StartTopicNumberAsync(group, "Third topic", "Body.");
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([third, second, first]);

        var state = await (await sponsor.ChangeTopicStateAsync(group, first, pinned: true)).JsonAsync();
        state.GetProperty("pinned").GetBoolean().ShouldBeTrue();
        var latest = await app.CreateClient().TopicListAsync(group);
        latest.Numbers().ShouldBe([first, third, second]);
        latest.GetProperty("items")[0].GetProperty("pinned").GetBoolean().ShouldBeTrue();
        // A newer reply elsewhere does not overtake the pinned topic.
        await sponsor.ReplyNumberAsync(group, second, "Bumping this one.");
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([first, second, third]);
        (await app.CreateClient().TopicListAsync(group, "?sort=newest")).Numbers().ShouldBe([third, second, first]);
        (await app.CreateClient().TopicPageAsync(group, first)).GetProperty("topic").GetProperty("pinned").GetBoolean().ShouldBeTrue();

        (await sponsor.ChangeTopicStateAsync(group, first, pinned: false)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([second, third, first]);
    }

    [Fact]
    public async Task A_locked_topic_takes_no_new_replies_from_members_until_it_is_unlocked()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Lock");
        var topic = await member.StartTopicNumberAsync(group, "A heated debate", "Homework: yes or no?");

        var state = await (await sponsor.ChangeTopicStateAsync(group, topic, locked: true, reason: "Cooling off.")).JsonAsync();
        state.GetProperty("locked").GetBoolean().ShouldBeTrue();
        state.GetProperty("closed").GetBoolean().ShouldBeFalse();
        await (await member.ReplyAsync(group, topic, "One more thing!")).ProblemAsync(409);
        var viewer = (await member.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("viewer");
        viewer.GetProperty("canReply").GetBoolean().ShouldBeFalse();
        viewer.GetProperty("cannotReplyBecause").GetString()!.ShouldContain("locked");
        // Facilitators still may.
        (await sponsor.ReplyAsync(group, topic, "Let us pause here.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await sponsor.ChangeTopicStateAsync(group, topic, locked: false)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.ReplyAsync(group, topic, "Thanks for the pause.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await member.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("locked").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_closed_topic_shows_its_reason_takes_no_replies_and_can_be_reopened()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Close");
        var topic = await member.StartTopicNumberAsync(group, "Room for Thursday", "Which room do we use?");

        (await (await sponsor.ChangeTopicStateAsync(group, topic, closed: true, reason: "Settled: room 12.")).JsonAsync())
            .GetProperty("closed").GetBoolean().ShouldBeTrue();
        var closed = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic");
        closed.GetProperty("closed").GetBoolean().ShouldBeTrue();
        closed.GetProperty("closedReason").GetString().ShouldBe("Settled: room 12.");
        (await app.CreateClient().TopicListAsync(group)).GetProperty("items")[0].GetProperty("closed").GetBoolean().ShouldBeTrue();
        await (await member.ReplyAsync(group, topic, "Room 14 is nicer.")).ProblemAsync(409);
        await (await sponsor.ReplyAsync(group, topic, "Closed for me too.")).ProblemAsync(409);

        (await (await sponsor.ChangeTopicStateAsync(group, topic, closed: false)).JsonAsync()).GetProperty("closed").GetBoolean().ShouldBeFalse();
        var reopened = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic");
        reopened.GetProperty("closed").GetBoolean().ShouldBeFalse();
        reopened.GetProperty("closedReason").ValueKind.ShouldBe(JsonValueKind.Null);
        (await member.ReplyAsync(group, topic, "Room 12 it is.")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Only_facilitators_pin_lock_or_close_a_topic()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Only");
        var topic = await member.StartTopicNumberAsync(group, "My own topic", "Still not mine to pin.");

        await (await member.ChangeTopicStateAsync(group, topic, pinned: true)).ProblemAsync(403);
        await (await member.ChangeTopicStateAsync(group, topic, locked: true)).ProblemAsync(403);
        await (await member.ChangeTopicStateAsync(group, topic, closed: true, reason: "Done.")).ProblemAsync(403);
        (await app.CreateClient().PutAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/state", new { closed = true }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var unchanged = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic");
        unchanged.GetProperty("pinned").GetBoolean().ShouldBeFalse();
        unchanged.GetProperty("locked").GetBoolean().ShouldBeFalse();
        unchanged.GetProperty("closed").GetBoolean().ShouldBeFalse();
        (await sponsor.ModerationLogAsync(group)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_moderation_log_shows_each_change_of_state_to_facilitators_only()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Log");
        var topic = await member.StartTopicNumberAsync(group, "Logged topic", "Watch the log.");

        (await sponsor.ChangeTopicStateAsync(group, topic, pinned: true)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.ChangeTopicStateAsync(group, topic, locked: true, reason: "Too many replies.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.ChangeTopicStateAsync(group, topic, closed: true, reason: "Done here.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.ChangeTopicStateAsync(group, topic, closed: false, reason: "One more question came up.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Asking for the state a topic already has changes nothing and logs nothing.
        (await sponsor.ChangeTopicStateAsync(group, topic, pinned: true)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var log = await sponsor.ModerationLogAsync(group);
        log.Select(l => (l.GetProperty("action").GetString(), l.GetProperty("reason").GetString()))
            .ShouldBe([("reopened", "One more question came up."), ("closed", "Done here."), ("locked", "Too many replies."), ("pinned", null)]);
        log.ShouldAllBe(l => l.GetProperty("moderatorId").GetGuid() == sponsor.Id && l.GetProperty("moderatorName").GetString() == sponsor.DisplayName
            && l.GetProperty("topicNumber").GetInt32() == topic && l.GetProperty("memberId").GetGuid() == member.Id);
        log[0].GetProperty("path").GetString()!.ShouldEndWith($"/topics/{topic}");

        await (await member.Session.GetAsync($"{DiscussionsApi.Forum(group)}/moderation-log")).ProblemAsync(403);
        (await app.CreateClient().GetAsync($"{DiscussionsApi.Forum(group)}/moderation-log")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Topics_idle_for_the_groups_number_of_days_close_automatically_and_the_log_says_so()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Idle");
        var (otherSponsor, _, otherGroup) = await ForumWithMemberAsync("Busy");
        await (await member.ChangeForumSettingsAsync(group, autoCloseAfterIdleDays: 3)).ProblemAsync(403);
        (await (await sponsor.ChangeForumSettingsAsync(group, autoCloseAfterIdleDays: 0)).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["autoCloseAfterIdleDays"]);
        var settings = await (await sponsor.ChangeForumSettingsAsync(group, autoCloseAfterIdleDays: 3)).JsonAsync();
        settings.GetProperty("autoCloseAfterIdleDays").GetInt32().ShouldBe(3);
        (await (await app.CreateClient().GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("settings")
            .GetProperty("autoCloseAfterIdleDays").GetInt32().ShouldBe(3);

        var quiet = await member.StartTopicNumberAsync(group, "A quiet topic", "Nobody answers.");
        var alsoQuiet = await sponsor.StartTopicNumberAsync(group, "Another quiet topic", "Still nobody.");
        var lively = await member.StartTopicNumberAsync(group, "A lively topic", "People answer.");
        await otherSponsor.StartTopicNumberAsync(otherGroup, "A group that keeps topics open", "Forever.");

        var later = TimeSpan.Zero;
        try
        {
            // Two days on: the lively topic gets a reply; nothing is idle for three days yet.
            later = TimeSpan.FromDays(2);
            app.Clock.Advance(TimeSpan.FromDays(2));
            (await sponsor.ReplyAsync(group, lively, "Two days later, an answer.")).StatusCode.ShouldBe(HttpStatusCode.Created);
            await app.InvokeMessageAsync(new AutoCloseHandler.SweepIdleTopics());
            (await ClosedTopicsAsync(group)).ShouldBeEmpty();

            // Three days and an hour after the start: the topics without a post since then close; the replied one stays open.
            later += TimeSpan.FromDays(1) + TimeSpan.FromHours(1);
            app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
            await app.InvokeMessageAsync(new AutoCloseHandler.SweepIdleTopics());
            await app.InvokeMessageAsync(new AutoCloseHandler.SweepIdleTopics()); // idempotent
        }
        finally
        {
            app.Clock.Advance(-later);
        }

        (await ClosedTopicsAsync(group)).ShouldBe([alsoQuiet, quiet], ignoreOrder: true);
        (await ClosedTopicsAsync(otherGroup)).ShouldBeEmpty();
        var page = (await app.CreateClient().TopicPageAsync(group, quiet)).GetProperty("topic");
        page.GetProperty("closed").GetBoolean().ShouldBeTrue();
        page.GetProperty("closedReason").GetString().ShouldBe("Closed automatically after 3 days without a new post.");
        await (await member.ReplyAsync(group, quiet, "Anyone?")).ProblemAsync(409);
        (await member.ReplyAsync(group, lively, "Still open.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var log = await sponsor.ModerationLogAsync(group);
        log.Select(l => l.GetProperty("topicNumber").GetInt32()).ShouldBe([alsoQuiet, quiet], ignoreOrder: true);
        log.ShouldAllBe(l => l.GetProperty("action").GetString() == "closed" && l.GetProperty("moderatorId").ValueKind == JsonValueKind.Null
            && l.GetProperty("moderatorName").GetString() == "OCoP (automatic)"
            && l.GetProperty("reason").GetString() == "Closed automatically after 3 days without a new post.");
    }

    private async Task<int[]> ClosedTopicsAsync(Guid group) =>
        (await app.CreateClient().TopicListAsync(group)).GetProperty("items").EnumerateArray()
        .Where(t => t.GetProperty("closed").GetBoolean()).Select(t => t.GetProperty("number").GetInt32()).ToArray();

    private async Task<(TestMember Sponsor, TestMember Member, Guid Group)> ForumWithMemberAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var member = await app.RegisterConfirmedAsync($"{name} Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        return (sponsor, member, group);
    }
}
