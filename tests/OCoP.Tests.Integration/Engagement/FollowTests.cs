using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>Issue 5, item 1: follows of members, groups, topics and tags, their levels, defaults and refusals.</summary>
public sealed class FollowTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Joining_a_group_follows_it_at_normal_and_leaving_drops_it_with_its_topic_follows()
    {
        var sponsor = await app.RegisterConfirmedAsync("Follow Sponsor");
        var member = await app.RegisterConfirmedAsync("Follow Joiner");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        await member.JoinForumAsync(group);
        await member.WaitForFollowAsync("group", group, f => f is { } x && x.GetProperty("level").GetString() == "normal"
            && !x.GetProperty("chosen").GetBoolean(), "a normal follow of the group joined");

        var (topic, number) = await sponsor.StartTopicIdAsync(group, "Lesson openers");
        await member.FollowWhenKnownAsync("topic", topic, "watching");
        (await member.FollowOfAsync("topic", topic))!.Value.GetProperty("chosen").GetBoolean().ShouldBeTrue();

        (await member.LeaveAsync(group)).EnsureSuccessStatusCode();
        await member.WaitForFollowAsync("group", group, f => f is null, "the group follow dropped on leaving");
        await member.WaitForFollowAsync("topic", topic, f => f is null, "the members-only group's topic follow dropped, even chosen");
        number.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Leaving_a_public_group_keeps_chosen_follows_and_removal_drops_the_default_ones()
    {
        var sponsor = await app.RegisterConfirmedAsync("Public Sponsor");
        var chooser = await app.RegisterConfirmedAsync("Public Chooser");
        var removed = await app.RegisterConfirmedAsync("Public Removed");
        var group = await sponsor.CreateForumAsync();
        await chooser.JoinForumAsync(group);
        await removed.JoinForumAsync(group);
        var (topic, number) = await sponsor.StartTopicIdAsync(group, "Open questions");
        await chooser.FollowWhenKnownAsync("group", group, "watching");
        await chooser.FollowWhenKnownAsync("topic", topic, "watching");
        (await removed.ReplyAsync(group, number, "Me too.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await removed.WaitForFollowAsync("topic", topic, f => f is not null, "the replier tracks the topic");
        await removed.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");

        (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/members/{removed.Id}/remove", new { reason = "Spam" })).EnsureSuccessStatusCode();
        await removed.WaitForFollowAsync("group", group, f => f is null, "the group follow dropped on removal");
        await removed.WaitForFollowAsync("topic", topic, f => f is null, "the topic follow dropped on removal");

        var (other, otherNumber) = await sponsor.StartTopicIdAsync(group, "Other questions");
        (await chooser.ReplyAsync(group, otherNumber, "A default follow.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await chooser.WaitForFollowAsync("topic", other, f => f is not null, "the chooser tracks the topic replied to");
        (await chooser.LeaveAsync(group)).EnsureSuccessStatusCode();
        // The same statement drops the default follow and would drop chosen ones: once it ran, the chosen ones stayed.
        await chooser.WaitForFollowAsync("topic", other, f => f is null, "the default topic follow dropped on leaving");
        (await chooser.FollowOfAsync("group", group))!.Value.GetProperty("level").GetString().ShouldBe("watching");
        (await chooser.FollowOfAsync("topic", topic))!.Value.GetProperty("level").GetString().ShouldBe("watching");
    }

    [Fact]
    public async Task Starting_a_topic_or_replying_tracks_it_and_a_chosen_level_is_never_overridden()
    {
        var sponsor = await app.RegisterConfirmedAsync("Tracking Sponsor");
        var replier = await app.RegisterConfirmedAsync("Tracking Replier");
        var chooser = await app.RegisterConfirmedAsync("Tracking Chooser");
        var group = await sponsor.CreateForumAsync();
        await replier.JoinForumAsync(group);
        await chooser.JoinForumAsync(group);
        var (topic, number) = await sponsor.StartTopicIdAsync(group, "Assessment rubrics");
        await sponsor.WaitForFollowAsync("topic", topic, f => f is { } x && x.GetProperty("level").GetString() == "tracking", "the author tracks the topic");

        (await replier.ReplyAsync(group, number, "We use single-point rubrics.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await replier.WaitForFollowAsync("topic", topic, f => f is { } x && x.GetProperty("level").GetString() == "tracking"
            && !x.GetProperty("chosen").GetBoolean(), "a replier tracks the topic");

        // A member who muted the topic, then replies, stays muted; one who chose a level for the group keeps it on joining.
        await chooser.FollowWhenKnownAsync("topic", topic, "muted");
        (await chooser.ReplyAsync(group, number, "Not for me.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var later = await app.RegisterConfirmedAsync("Tracking Later");
        await later.FollowWhenKnownAsync("group", group, "watching");
        // Done when every message the join and the reply caused (follow defaults, tracking, activity) has been handled.
        await app.WorkDoneAsync(async () =>
        {
            await later.JoinForumAsync(group);
            await replier.ReplyAsync(group, number, "One more thought.");
        });
        (await sponsor.Session.ItemsAsync(FollowsApi.GroupActivity(group))).Count(i =>
            i.GetProperty("verb").GetString() == "joined-group" && i.GetProperty("actorId").GetGuid() == later.Id).ShouldBe(1);

        var muted = (await chooser.FollowOfAsync("topic", topic))!.Value;
        muted.GetProperty("level").GetString().ShouldBe("muted");
        muted.GetProperty("chosen").GetBoolean().ShouldBeTrue();
        var watching = (await later.FollowOfAsync("group", group))!.Value;
        watching.GetProperty("level").GetString().ShouldBe("watching");
        watching.GetProperty("chosen").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_member_follows_members_groups_and_tags_changes_the_level_and_unfollows()
    {
        var sponsor = await app.RegisterConfirmedAsync("Chooser Sponsor");
        var member = await app.RegisterConfirmedAsync("Chooser");
        var group = await sponsor.CreateForumAsync();

        await member.FollowWhenKnownAsync("member", sponsor.Id, "tracking");
        await member.FollowWhenKnownAsync("group", group, "watching");
        (await member.FollowAsync("tag", "Formative-Assessment", "normal")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.FollowAsync("member", sponsor.Id, "muted")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var follows = await member.FollowListAsync();
        follows.Select(f => $"{f.GetProperty("target").GetString()} {f.GetProperty("level").GetString()} {f.GetProperty("name").GetString()}")
            .Order().ShouldBe(new[] { "group watching " + (await sponsor.Session.GroupAsync(group)).GetProperty("name").GetString(),
                "member muted Chooser Sponsor", "tag normal #formative-assessment" }.Order());

        (await member.UnfollowAsync("tag", "formative-assessment")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await member.UnfollowAsync("tag", "formative-assessment")).ProblemAsync(404);
        (await member.FollowListAsync()).Count.ShouldBe(2);
        await (await app.CreateClient().GetAsync(FollowsApi.Follows)).ProblemAsync(401);
    }

    [Fact]
    public async Task Following_oneself_unknown_things_secret_groups_and_closed_topics_is_refused_and_changes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Refusing Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Refused Outsider");
        var secret = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var closed = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var (topic, _) = await sponsor.StartTopicIdAsync(closed, "Members only talk");
        await sponsor.FollowWhenKnownAsync("topic", topic, "watching"); // known to Engagement now
        await sponsor.FollowWhenKnownAsync("group", secret, "watching");
        await sponsor.FollowWhenKnownAsync("member", outsider.Id, "normal");

        (await (await outsider.FollowAsync("member", outsider.Id)).ProblemAsync(400)).ErrorFields().ShouldBe(["id"]);
        await (await outsider.FollowAsync("member", Guid.NewGuid())).ProblemAsync(404);
        await (await outsider.FollowAsync("group", Guid.NewGuid())).ProblemAsync(404);
        await (await outsider.FollowAsync("topic", Guid.NewGuid())).ProblemAsync(404);
        await (await outsider.FollowAsync("group", secret)).ProblemAsync(404);
        // A members-only topic answers an outsider exactly as a topic that does not exist (issue 18).
        var hidden = await (await outsider.FollowAsync("topic", topic)).ProblemAsync(404);
        var unknown = await (await outsider.FollowAsync("topic", Guid.NewGuid())).ProblemAsync(404);
        hidden.GetProperty("detail").GetString().ShouldBe(unknown.GetProperty("detail").GetString());
        (await (await outsider.FollowAsync("planet", Guid.NewGuid())).ProblemAsync(400)).ErrorFields().ShouldBe(["target"]);
        (await (await outsider.FollowAsync("group", closed, "loudly")).ProblemAsync(400)).ErrorFields().ShouldBe(["level"]);
        (await (await outsider.FollowAsync("group", "not-a-guid")).ProblemAsync(400)).ErrorFields().ShouldBe(["id"]);
        (await (await outsider.FollowAsync("tag", "no spaces allowed")).ProblemAsync(400)).ErrorFields().ShouldBe(["id"]);

        (await outsider.FollowListAsync()).ShouldBeEmpty();
        (await outsider.FollowAsync("group", closed, "tracking")).StatusCode.ShouldBe(HttpStatusCode.OK); // a members-only group is listed: following it is allowed
    }
}
