using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>
/// Issue 15, item 7: badges earned per member and group from the real flows (an accepted answer, recognised replies, a
/// wiki page, a scheduled session topic), once each even when events come again, none while the group has them off, and
/// a revoked badge stays revoked (docs/workbench.md "Recognition and badges", ADR 0077).
/// </summary>
public sealed class BadgeTests(BadgeTests.App app) : IClassFixture<BadgeTests.App>
{
    /// <summary>Ten replies in a minute by a member who joined today: above the forum's default limits for newcomers.</summary>
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:PostsPerMinute"] = "100000",
            ["Discussions:NewMembers:Replies"] = "100000",
        };
    }

    [Fact]
    public async Task Each_badge_is_earned_from_its_flow_once_even_when_its_events_come_again()
    {
        var sponsor = await app.RegisterConfirmedAsync("Badge Sponsor");
        var helper = await app.RegisterConfirmedAsync("Badge Helper");
        var group = await sponsor.CreateForumAsync();
        await helper.JoinForumAsync(group);

        // First answer accepted: the helper answers the sponsor's question, the sponsor accepts it.
        var question = await sponsor.StartTopicNumberAsync(group, "Which timer do you use?", "For group work.", kind: "Question");
        var answer = await helper.ReplyNumberAsync(group, question, "A sand timer on the desk.");
        (await sponsor.AcceptAnswerAsync(group, question, answer)).EnsureSuccessStatusCode();
        await WaitForBadgesAsync(sponsor, group, helper, ["first-answer-accepted"]);

        // Ten helpful replies: nine more replies recognised by the sponsor (the accepted answer is the tenth).
        var discussion = await sponsor.StartTopicNumberAsync(group, "Ideas for the first week", "Share one.");
        for (var i = 1; i <= 9; i++)
        {
            var reply = await helper.ReplyNumberAsync(group, discussion, $"Idea {i}.");
            (await sponsor.Session.PutAsJsonAsync($"{DiscussionsApi.Post(group, discussion, reply)}/recognition", new { note = (string?)null }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await WaitForBadgesAsync(sponsor, group, helper, ["first-answer-accepted", "ten-helpful-replies"]);

        // Page author: the helper writes a wiki page.
        (await Knowledge.WikiApi.CreatePageAsync(helper, group, "Timers that work")).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Session leader: a facilitator schedules the session topic the helper proposed.
        // (Events learns the membership from Membership's events: the proposal may have to wait for it.)
        var proposal = Guid.Empty;
        await Eventually.TrueAsync(async () =>
        {
            var proposed = await helper.Session.PostAsJsonAsync($"/api/events/groups/{group}/proposals", new { title = "Timing group work", description = "What works" });
            if (proposed.IsSuccessStatusCode)
            {
                proposal = (await proposed.JsonAsync()).GetProperty("proposalId").GetGuid();
            }

            return proposed.IsSuccessStatusCode;
        }, "the helper's session topic proposal to be taken");
        (await sponsor.Session.PostAsJsonAsync($"/api/events/groups/{group}/events",
            new { @event = EventsApi.Input("Timing group work"), proposalId = proposal })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var all = new[] { "first-answer-accepted", "ten-helpful-replies", "page-author", "session-leader" };
        var earned = await WaitForBadgesAsync(sponsor, group, helper, all);
        var firstEarnedAt = earned.Single(b => b.GetProperty("badge").GetString() == "first-answer-accepted").GetProperty("earnedAt").GetDateTimeOffset();

        // The same events again (a redelivery): nothing changes, not even when the badge was earned.
        var page = await sponsor.Session.TopicPageAsync(group, question);
        var answerId = page.PostNumbered(answer).GetProperty("id").GetGuid();
        var topicId = page.GetProperty("topic").GetProperty("id").GetGuid();
        var path = $"/groups/x/topics/{question}/posts/{answer}";
        for (var i = 0; i < 3; i++)
        {
            await app.PublishAsync(new AnswerAccepted(group, topicId, sponsor.Id, answerId, answer, helper.Id, sponsor.Id, path, DateTimeOffset.UtcNow));
        }

        await app.MessagesHandledAsync(group, "the redelivered events");
        var again = await BadgesOfAsync(sponsor, group, helper);
        again.Select(b => b.GetProperty("badge").GetString()).ShouldBe(all);
        again.Single(b => b.GetProperty("badge").GetString() == "first-answer-accepted").GetProperty("earnedAt").GetDateTimeOffset().ShouldBe(firstEarnedAt);

        // The helper was told of each badge once (written with the badge), linked to the group's badges page; the
        // redelivery told nothing new.
        var told = (await helper.NotificationsAsync()).Where(n => n.GetProperty("kind").GetString() == "badgeEarned").ToList();
        told.Select(n => n.GetProperty("title").GetString()![(n.GetProperty("title").GetString()!.IndexOf('"') + 1)..].TrimEnd('"')).Order()
            .ShouldBe(["First answer accepted", "Page author", "Session leader", "Ten helpful replies"]);
        told.ShouldAllBe(n => n.GetProperty("path").GetString()!.EndsWith("/badges", StringComparison.Ordinal) && n.GetProperty("count").GetInt32() == 1);
        (await sponsor.NotificationsAsync()).ShouldNotContain(n => n.GetProperty("kind").GetString() == "badgeEarned");

        // Others see them on the member's profile list, with the group.
        var profile = await helper.Session.ItemsAsync($"/api/engagement/members/{helper.Id}/badges?limit=100");
        profile.Where(b => b.GetProperty("groupId").GetGuid() == group).Select(b => b.GetProperty("badge").GetString()).Order().ShouldBe(all.Order());
        var outsider = await app.RegisterConfirmedAsync("Badge Onlooker");
        (await outsider.Session.ItemsAsync($"/api/engagement/members/{helper.Id}/badges?limit=100")).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Recognised_replies_count_once_each_so_a_recognition_said_again_earns_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Repeat Sponsor");
        var helper = await app.RegisterConfirmedAsync("Repeat Helper");
        var group = await sponsor.CreateForumAsync();
        await helper.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "One helpful reply", "Go.");
        var reply = await helper.ReplyNumberAsync(group, topic, "Here it is.");
        var post = (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        var topicId = (await sponsor.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("id").GetGuid();

        // One real recognition, then the same event ten times over: still one helpful reply, no badge.
        await app.WorkDoneAsync(async () =>
        {
            (await sponsor.Session.PutAsJsonAsync($"{DiscussionsApi.Post(group, topic, reply)}/recognition", new { note = (string?)null }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
            for (var i = 0; i < 10; i++)
            {
                await app.PublishAsync(new ContributionRecognised(group, topicId, topic, "One helpful reply", post.GetProperty("id").GetGuid(), reply, helper.Id,
                    sponsor.Id, null, $"/groups/x/topics/{topic}/posts/{reply}", DateTimeOffset.UtcNow));
            }
        });

        (await BadgesOfAsync(sponsor, group, helper)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_group_with_badges_off_shows_and_awards_none_and_a_revoked_badge_stays_revoked()
    {
        var sponsor = await app.RegisterConfirmedAsync("Switch Sponsor");
        var author = await app.RegisterConfirmedAsync("Switch Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var settings = $"/api/engagement/groups/{group}/badge-settings";

        // Only facilitators and sponsors switch badges; a missing choice is a 400.
        await (await author.Session.PutAsJsonAsync(settings, new { enabled = false })).ProblemAsync(403);
        (await (await sponsor.Session.PutAsJsonAsync(settings, new { enabled = (bool?)null })).ProblemAsync(400)).ErrorFields().ShouldBe(["enabled"]);
        (await (await sponsor.Session.PutAsJsonAsync(settings, new { enabled = false })).JsonAsync()).GetProperty("enabled").GetBoolean().ShouldBeFalse();
        (await (await author.Session.GetAsync(settings)).JsonAsync()).GetProperty("enabled").GetBoolean().ShouldBeFalse();

        // Off: the page written now earns nothing, then or later.
        await app.WorkDoneAsync(async () => (await Knowledge.WikiApi.CreatePageAsync(author, group, "Written while off")).StatusCode.ShouldBe(HttpStatusCode.Created));
        (await BadgesOfAsync(sponsor, group, author)).ShouldBeEmpty();
        (await sponsor.Session.PutAsJsonAsync(settings, new { enabled = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BadgesOfAsync(sponsor, group, author)).ShouldBeEmpty();

        // On again: a new page earns "Page author".
        (await Knowledge.WikiApi.CreatePageAsync(author, group, "Written while on")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await WaitForBadgesAsync(sponsor, group, author, ["page-author"]);

        // Off hides what was earned, from everyone and from the profile; on shows it again.
        (await sponsor.Session.PutAsJsonAsync(settings, new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await author.Session.ItemsAsync($"/api/engagement/groups/{group}/badges")).ShouldBeEmpty();
        (await author.Session.ItemsAsync($"/api/engagement/members/{author.Id}/badges")).ShouldNotContain(b => b.GetProperty("groupId").GetGuid() == group);
        (await sponsor.Session.PutAsJsonAsync(settings, new { enabled = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BadgesOfAsync(author, group, author)).Select(b => b.GetProperty("badge").GetString()).ShouldBe(["page-author"]);

        // Revoking: only facilitators and sponsors, only a badge the member has, only a badge that exists.
        var revoke = $"/api/engagement/groups/{group}/members/{author.Id}/badges";
        await (await author.Session.DeleteAsync($"{revoke}/page-author")).ProblemAsync(403);
        await (await sponsor.Session.DeleteAsync($"{revoke}/session-leader")).ProblemAsync(404);
        (await (await sponsor.Session.DeleteAsync($"{revoke}/best-hat")).ProblemAsync(400)).ErrorFields().ShouldBe(["kind"]);
        var revoked = await (await sponsor.Session.DeleteAsync($"{revoke}/page-author")).JsonAsync();
        var badge = revoked.GetProperty("badges")[0];
        badge.GetProperty("revoked").GetBoolean().ShouldBeTrue();
        badge.GetProperty("revokedBy").GetGuid().ShouldBe(sponsor.Id);
        badge.GetProperty("revokedByName").GetString().ShouldBe(sponsor.DisplayName);

        // Another page later earns it no more; members no longer see it; the sponsor sees it revoked.
        await app.WorkDoneAsync(async () => (await Knowledge.WikiApi.CreatePageAsync(author, group, "Written after the revocation")).StatusCode.ShouldBe(HttpStatusCode.Created));
        (await BadgesOfAsync(author, group, author)).ShouldBeEmpty();
        (await author.Session.ItemsAsync($"/api/engagement/members/{author.Id}/badges")).ShouldNotContain(b => b.GetProperty("groupId").GetGuid() == group);
        var managed = await BadgesOfAsync(sponsor, group, author);
        managed.Single().GetProperty("revoked").GetBoolean().ShouldBeTrue();
        managed.Single().GetProperty("revokedAt").GetDateTimeOffset().ShouldBeGreaterThan(managed.Single().GetProperty("earnedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_badges_page_lists_earned_badges_and_lets_a_sponsor_revoke_one_and_switch_badges_off_without_javascript()
    {
        var sponsor = await app.RegisterConfirmedAsync("Page Badge Sponsor");
        var author = await app.RegisterConfirmedAsync("Page Badge Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        (await Knowledge.WikiApi.CreatePageAsync(author, group, "Our rubric")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await WaitForBadgesAsync(sponsor, group, author, ["page-author"]);
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var path = $"/groups/{slug}/badges";

        // A member sees the badge and no controls; the sponsor sees the switch and a "Revoke" button.
        var seen = await PageAsync(author.Session, path);
        seen.QuerySelector($"#member-{author.Id} .badge")!.TextContent.ShouldBe("Page author");
        seen.QuerySelectorAll("form[action*='/badges?handler=']").ShouldBeEmpty();
        // The profile page has a "Badges" part, linking to the group's badges.
        var profile = await PageAsync(sponsor.Session, $"/members/{author.Id}");
        profile.QuerySelector(".badges-part .badge")!.TextContent.ShouldBe("Page author");
        profile.QuerySelector(".badges-part a")!.GetAttribute("href").ShouldBe(path);

        var managed = await PageAsync(sponsor.Session, path);
        var revoked = await SubmitAsync(sponsor.Session, managed, path, $"#member-{author.Id} form button");
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revoked.Content.ReadAsStringAsync());
        (await PageAsync(author.Session, path)).QuerySelector($"#member-{author.Id}").ShouldBeNull();
        (await PageAsync(sponsor.Session, path)).QuerySelector($"#member-{author.Id} .revoked")!.TextContent.ShouldContain($"Revoked by {sponsor.DisplayName}");

        var off = await SubmitAsync(sponsor.Session, await PageAsync(sponsor.Session, path), path, "form[action*='handler=Switch'] button");
        off.StatusCode.ShouldBe(HttpStatusCode.Redirect, await off.Content.ReadAsStringAsync());
        (await PageAsync(author.Session, path)).QuerySelector(".notice")!.TextContent.ShouldContain("Badges are off");
        (await (await sponsor.Session.GetAsync($"/api/engagement/groups/{group}/badge-settings")).JsonAsync()).GetProperty("enabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_member_who_muted_the_group_earns_the_badge_but_is_not_told()
    {
        var sponsor = await app.RegisterConfirmedAsync("Quiet Sponsor");
        var quiet = await app.RegisterConfirmedAsync("Quiet Author");
        var told = await app.RegisterConfirmedAsync("Told Author");
        var group = await sponsor.CreateForumAsync();
        await quiet.JoinForumAsync(group);
        await told.JoinForumAsync(group);
        await quiet.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");
        (await quiet.FollowAsync("group", group, "muted")).EnsureSuccessStatusCode();

        (await Knowledge.WikiApi.CreatePageAsync(quiet, group, "Quiet page")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Knowledge.WikiApi.CreatePageAsync(told, group, "Told page")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await WaitForBadgesAsync(sponsor, group, quiet, ["page-author"]);
        var notice = await told.WaitForNotificationAsync("badgeEarned", "you earned the badge \"Page author\"");
        notice.GetProperty("excerpt").GetString().ShouldBe("They created a page of the group's wiki.");

        // A badge and its notification commit together: with the badge seen, a missing notification is not a late one.
        (await quiet.NotificationsAsync()).ShouldNotContain(n => n.GetProperty("kind").GetString() == "badgeEarned");
    }

    private static async Task<IDocument> PageAsync(HttpClient session, string path)
    {
        var response = await session.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the form holding <paramref name="selector"/> with its hidden fields (antiforgery among them), as a browser would.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, IDocument page, string pagePath, string selector)
    {
        var form = page.QuerySelector(selector)?.Closest("form") ?? throw new InvalidOperationException($"No form holds {selector} on {pagePath}.");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : pagePath;
        return await session.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>The member's badges in the group as <paramref name="viewer"/> sees them (none when the member is not listed).</summary>
    private static async Task<List<JsonElement>> BadgesOfAsync(TestMember viewer, Guid group, TestMember member) =>
        (await viewer.Session.ItemsAsync($"/api/engagement/groups/{group}/badges?limit=100"))
        .Where(m => m.GetProperty("memberId").GetGuid() == member.Id).SelectMany(m => m.GetProperty("badges").EnumerateArray()).ToList();

    private static async Task<List<JsonElement>> WaitForBadgesAsync(TestMember viewer, Guid group, TestMember member, string[] badges)
    {
        List<JsonElement> found = [];
        await Eventually.TrueAsync(async () =>
        {
            found = await BadgesOfAsync(viewer, group, member);
            return found.Select(b => b.GetProperty("badge").GetString()).SequenceEqual(badges);
        }, $"{member.DisplayName}'s badges to be {string.Join(", ", badges)}");
        return found;
    }
}
