using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>
/// Issue 15, item 3: Salmon's stages kept from what members do, on the dashboard, against a hand-computed fixture with a
/// controlled clock; and "send a welcome" to a stuck newcomer.
/// </summary>
public sealed class MemberStageTests(MemberStageTests.App app) : IClassFixture<MemberStageTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task The_funnel_and_the_stuck_list_follow_the_stage_rules_and_a_facilitator_welcomes_a_stuck_newcomer()
    {
        var sponsor = await app.RegisterConfirmedAsync("Stage Sponsor");
        var quiet = await app.RegisterConfirmedAsync("Quiet Newcomer");
        var helper = await app.RegisterConfirmedAsync("Busy Helper");
        var late = await app.RegisterConfirmedAsync("Late Joiner");
        var group = await sponsor.CreateForumAsync();
        // Day 0, 00:00: the quiet newcomer joins and never posts (stage 1 from here).
        await quiet.JoinForumAsync(group);
        await helper.JoinForumAsync(group);
        app.Clock.Advance(TimeSpan.FromHours(1));
        // Day 0, 01:00: the sponsor asks (stage 2); the helper replies three times (stage 2, then 3 at the third reply).
        var question = await sponsor.StartTopicNumberAsync(group, "Which tools help?", "Tell us.", kind: "Question");
        var first = await helper.ReplyNumberAsync(group, question, "A whiteboard.");
        await helper.ReplyNumberAsync(group, question, "Sticky notes.");
        await helper.ReplyNumberAsync(group, question, "A timer.");
        app.Clock.Advance(TimeSpan.FromDays(15));
        foreach (var member in new[] { sponsor, quiet, helper, late })
        {
            await member.SignInAgainAsync();
        }

        // Day 15, 01:00: the helper's first answer is accepted (stage 4, just reached); a late joiner arrives (stage 1, 0 days).
        (await sponsor.AcceptAnswerAsync(group, question, first)).EnsureSuccessStatusCode();
        await late.JoinForumAsync(group);

        var url = $"/api/engagement/groups/{group}/stages";
        JsonElement report = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await sponsor.Session.GetAsync(url);
            report = await response.JsonAsync();
            return response.IsSuccessStatusCode && Funnel(report).SequenceEqual([2, 1, 0, 1, 0]);
        }, "the funnel to count two members at stage 1, the sponsor at 2 and the helper at 4");
        // Stuck (more than 14 days at a stage below 5), longest first: the quiet newcomer (15 days 1 hour at stage 1),
        // then the sponsor (15 days at stage 2). The helper just moved up; the late joiner just arrived.
        var stuck = report.GetProperty("stuck").EnumerateArray().ToList();
        stuck.Select(s => s.GetProperty("name").GetString()).ShouldBe(["Quiet Newcomer", "Stage Sponsor"]);
        stuck[0].GetProperty("stage").GetString().ShouldBe("AccessAndMotivation");
        stuck[0].GetProperty("days").GetInt32().ShouldBe(15);
        stuck[0].GetProperty("suggestedAction").GetString().ShouldBe("Welcome them and point to the orientation.");
        stuck[1].GetProperty("stage").GetString().ShouldBe("OnlineSocialisation");
        stuck[1].GetProperty("suggestedAction").GetString().ShouldBe("Invite them to reply to an open question.");
        stuck[0].GetProperty("welcomedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        // Each member sees their own stage.
        var mine = await (await helper.Session.GetAsync($"{url}/me")).JsonAsync();
        mine.GetProperty("stage").GetString().ShouldBe("KnowledgeConstruction");
        mine.GetProperty("name").GetString().ShouldBe("Knowledge construction");

        // Only facilitators and sponsors see it or welcome; a member who is not in the group cannot be welcomed.
        await (await helper.Session.GetAsync(url)).ProblemAsync(403);
        var welcome = $"/api/engagement/groups/{group}/members/{quiet.Id}/welcome";
        await (await helper.Session.PostAsJsonAsync(welcome, new { })).ProblemAsync(403);
        var stranger = await app.RegisterConfirmedAsync("Stage Stranger");
        await app.WaitKnownAsync(stranger);
        await (await sponsor.Session.PostAsJsonAsync($"/api/engagement/groups/{group}/members/{stranger.Id}/welcome", new { })).ProblemAsync(404);

        var before = app.Clock.GetUtcNow().AddSeconds(-1);
        var sent = await sponsor.Session.PostAsJsonAsync(welcome, new { });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversation = (await sent.JsonAsync()).GetProperty("conversationId").GetGuid();
        var received = await quiet.SummaryAsync(conversation);
        received.GetProperty("subject").GetString()!.ShouldStartWith("Welcome to Forum Group");
        received.GetProperty("unread").GetInt32().ShouldBe(1);
        var again = await (await sponsor.Session.GetAsync(url)).JsonAsync();
        // The clock runs on from the moved time: the welcome is stamped between the request and now, not before.
        again.GetProperty("stuck")[0].GetProperty("welcomedAt").GetDateTimeOffset().ShouldBeInRange(before, app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_profile_shows_the_members_stages_in_the_groups_the_viewer_may_read_and_the_member_can_hide_them()
    {
        var sponsor = await app.RegisterConfirmedAsync("Profile Sponsor");
        var member = await app.RegisterConfirmedAsync("Profile Member");
        var outsider = await app.RegisterConfirmedAsync("Profile Outsider");
        var open = await sponsor.CreateForumAsync();
        var closed = await sponsor.CreateForumAsync("MembersOnly");
        var openName = (await sponsor.Session.GroupAsync(open)).GetProperty("name").GetString()!;
        var closedName = (await sponsor.Session.GroupAsync(closed)).GetProperty("name").GetString()!;
        await member.JoinForumAsync(open);
        await member.JoinForumAsync(closed);
        await member.StartTopicNumberAsync(open, "Hello from a new member", "I teach physics.");
        await app.WaitKnownAsync(member);

        // The member sees every group of theirs, with the next step; the first post moved them to stage 2 in the public group.
        var stages = $"/api/engagement/members/{member.Id}/stages";
        JsonElement own = default;
        await Eventually.TrueAsync(async () =>
        {
            own = await (await member.Session.GetAsync(stages)).JsonAsync();
            return Stage(own, openName) == "OnlineSocialisation" && Stage(own, closedName) == "AccessAndMotivation";
        }, "the member's own stages to show stage 2 in the public group and stage 1 in the members-only one");
        own.GetProperty("hidden").GetBoolean().ShouldBeFalse();
        own.GetProperty("groups").EnumerateArray().ShouldAllBe(g => g.GetProperty("nextStep").GetString()!.Length > 0);

        // Another member sees only the groups they may read (not the members-only one), without the next step.
        var seen = await (await outsider.Session.GetAsync(stages)).JsonAsync();
        seen.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("groupName").GetString()).ShouldBe([openName]);
        seen.GetProperty("groups")[0].GetProperty("nextStep").ValueKind.ShouldBe(JsonValueKind.Null);
        var profile = await outsider.Session.GetStringAsync($"/members/{member.Id}");
        profile.ShouldContain("Stages in groups");
        profile.ShouldContain(openName);
        profile.ShouldNotContain(closedName);

        // Hidden: others see none (API and profile page); the member still sees theirs.
        var display = "/api/engagement/members/me/stage-display";
        (await (await member.Session.PutAsJsonAsync(display, new { })).ProblemAsync(400)).ErrorFields().ShouldBe(["hidden"]);
        var changed = await member.Session.PutAsJsonAsync(display, new { hidden = true });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.JsonAsync()).GetProperty("hidden").GetBoolean().ShouldBeTrue();
        var hidden = await (await outsider.Session.GetAsync(stages)).JsonAsync();
        hidden.GetProperty("hidden").GetBoolean().ShouldBeTrue();
        hidden.GetProperty("groups").GetArrayLength().ShouldBe(0);
        (await outsider.Session.GetStringAsync($"/members/{member.Id}")).ShouldNotContain("Stages in groups");
        (await (await member.Session.GetAsync(stages)).JsonAsync()).GetProperty("groups").GetArrayLength().ShouldBe(2);
        var ownProfile = await member.Session.GetStringAsync($"/members/{member.Id}");
        ownProfile.ShouldContain("Show my stages");
        ownProfile.ShouldContain(closedName);

        // Someone who does not exist answers 404.
        await (await outsider.Session.GetAsync($"/api/engagement/members/{Guid.NewGuid()}/stages")).ProblemAsync(404);
    }

    private static string? Stage(JsonElement view, string groupName) =>
        view.GetProperty("groups").EnumerateArray().Where(g => g.GetProperty("groupName").GetString() == groupName)
            .Select(g => g.GetProperty("stage").GetString()).FirstOrDefault();

    private static int[] Funnel(JsonElement report) =>
        report.GetProperty("funnel").EnumerateArray().Select(s => s.GetProperty("members").GetInt32()).ToArray();
}
