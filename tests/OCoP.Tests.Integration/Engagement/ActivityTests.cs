using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using System.Net;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>Issue 5, items 2 and 6: activity streams built from events, feed entries fanned out on write, visibility at read time.</summary>
public sealed class ActivityTests(ActivityTests.App app) : IClassFixture<ActivityTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:PostsPerMinute"] = "100000",
            ["Engagement:FanOutBatchSize"] = "7", // several batches for the 60-follower fan-out
        };
    }

    [Fact]
    public async Task A_group_stream_shows_topics_replies_answers_and_joins_newest_first_with_links_and_names()
    {
        var sponsor = await app.RegisterConfirmedAsync("Stream Sponsor");
        var member = await app.RegisterConfirmedAsync("Stream Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var question = await sponsor.StartTopicNumberAsync(group, "Which lab notebook?", "Paper or digital?", kind: "Question");
        var reply = await member.ReplyNumberAsync(group, question, "Paper, with a template.");
        (await sponsor.AcceptAnswerAsync(group, question, reply)).EnsureSuccessStatusCode();

        var anonymous = app.CreateClient();
        await Eventually.TrueAsync(async () => (await anonymous.ItemsAsync(FollowsApi.GroupActivity(group))).Any(i => i.GetProperty("verb").GetString() == "accepted-answer"),
            "the accepted answer in the stream");
        var items = await anonymous.ItemsAsync(FollowsApi.GroupActivity(group));
        items.Select(i => $"{i.GetProperty("actorName").GetString()} {i.GetProperty("verb").GetString()}")
            .Where(s => !s.EndsWith("joined-group") || s.StartsWith("Stream Member"))
            .ShouldBe(["Stream Sponsor accepted-answer", "Stream Member replied", "Stream Sponsor started-topic", "Stream Member joined-group"]);
        var replied = items.Single(i => i.GetProperty("verb").GetString() == "replied");
        replied.GetProperty("title").GetString().ShouldBe("Which lab notebook?");
        replied.GetProperty("path").GetString()!.ShouldEndWith($"/topics/{question}/posts/{reply}");
        (await anonymous.GetAsync(replied.GetProperty("path").GetString())).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Keyset paging: pages of two continue without repeats, newest first.
        var first = await (await anonymous.GetAsync($"{FollowsApi.GroupActivity(group)}?limit=2")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await anonymous.ItemsAsync($"{FollowsApi.GroupActivity(group)}?limit=2&cursor={cursor}");
        first.GetProperty("items").EnumerateArray().Concat(second).Select(i => i.GetProperty("id").GetGuid())
            .ShouldBe(items.Take(4).Select(i => i.GetProperty("id").GetGuid()));
        items.Count.ShouldBe(5); // and the sponsor's own join, when the group was created
        await (await anonymous.GetAsync($"{FollowsApi.GroupActivity(group)}?cursor=forged")).ProblemAsync(400);
        await (await anonymous.GetAsync(FollowsApi.GroupActivity(Guid.NewGuid()))).ProblemAsync(404);
    }

    [Fact]
    public async Task The_home_feed_is_built_from_follows_of_members_groups_topics_and_tags_less_the_muted_and_the_actor()
    {
        var sponsor = await app.RegisterConfirmedAsync("Feed Sponsor");
        var author = await app.RegisterConfirmedAsync("Feed Author");
        var fan = await app.RegisterConfirmedAsync("Feed Fan");
        var tagger = await app.RegisterConfirmedAsync("Feed Tagger");
        var muter = await app.RegisterConfirmedAsync("Feed Muter");
        var stranger = await app.RegisterConfirmedAsync("Feed Stranger");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        await muter.JoinForumAsync(group);
        await muter.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");
        await fan.FollowWhenKnownAsync("member", author.Id);
        (await tagger.FollowAsync("tag", "microscopes")).EnsureSuccessStatusCode();
        await muter.FollowWhenKnownAsync("member", author.Id, "muted");

        var (_, number) = await author.StartTopicIdAsync(group, "Cheap microscopes", ["Microscopes"]);
        await fan.WaitForFeedAsync("started-topic: Cheap microscopes");
        await tagger.WaitForFeedAsync("started-topic: Cheap microscopes");
        await sponsor.WaitForFeedAsync("started-topic: Cheap microscopes"); // follows the group they created (joined)
        (await sponsor.ReplyAsync(group, number, "Try the foldable ones.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await author.WaitForFeedAsync("replied: Cheap microscopes"); // the author tracks the topic
        await tagger.WaitForFeedAsync("replied: Cheap microscopes"); // the topic's tags reach replies too

        (await muter.FeedTitlesAsync()).ShouldNotContain("started-topic: Cheap microscopes");
        (await muter.FeedTitlesAsync()).ShouldContain("replied: Cheap microscopes"); // muted the author, not the group
        (await author.FeedTitlesAsync()).ShouldNotContain("started-topic: Cheap microscopes"); // never one's own
        (await stranger.FeedTitlesAsync()).ShouldBeEmpty();
        var entry = (await fan.Session.ItemsAsync(FollowsApi.Feed)).First();
        entry.GetProperty("actorName").GetString().ShouldBe("Feed Author");
        entry.GetProperty("groupId").GetGuid().ShouldBe(group);
        await (await app.CreateClient().GetAsync(FollowsApi.Feed)).ProblemAsync(401);
    }

    [Fact]
    public async Task Items_of_a_members_only_group_leave_the_feed_and_streams_of_a_member_who_leaves()
    {
        var sponsor = await app.RegisterConfirmedAsync("Closed Sponsor");
        var member = await app.RegisterConfirmedAsync("Closed Leaver");
        var outsider = await app.RegisterConfirmedAsync("Closed Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        await member.JoinForumAsync(group);
        await member.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");
        await member.FollowWhenKnownAsync("member", sponsor.Id, "tracking"); // stays after leaving: the sponsor's public posts still count
        await outsider.FollowWhenKnownAsync("member", sponsor.Id, "tracking");

        await sponsor.StartTopicIdAsync(group, "Confidential lesson study");
        await member.WaitForFeedAsync("started-topic: Confidential lesson study");
        (await member.Session.ItemsAsync(FollowsApi.MemberActivity(sponsor.Id))).Select(i => i.GetProperty("title").GetString())
            .ShouldContain("Confidential lesson study");
        (await outsider.FeedTitlesAsync()).ShouldBeEmpty(); // followed the author, but cannot see the group
        (await outsider.Session.ItemsAsync(FollowsApi.MemberActivity(sponsor.Id))).ShouldBeEmpty();
        await (await outsider.Session.GetAsync(FollowsApi.GroupActivity(group))).ProblemAsync(403);

        (await member.LeaveAsync(group)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await member.FeedTitlesAsync()).Length == 0, "the feed to drop the group's items after leaving");
        (await member.Session.ItemsAsync(FollowsApi.MemberActivity(sponsor.Id))).ShouldBeEmpty();
        await (await member.Session.GetAsync(FollowsApi.GroupActivity(group))).ProblemAsync(403);
        (await sponsor.Session.ItemsAsync(FollowsApi.GroupActivity(group))).Count.ShouldBeGreaterThanOrEqualTo(2); // still there for members
    }

    [Fact]
    public async Task A_topic_by_a_member_with_sixty_followers_reaches_all_sixty_feeds()
    {
        var author = await app.RegisterConfirmedAsync("Popular Author");
        var group = await author.CreateForumAsync();
        var followers = new List<TestMember>();
        for (var i = 0; i < 60; i += 10)
        {
            followers.AddRange(await Task.WhenAll(Enumerable.Range(i, 10).Select(n => app.RegisterConfirmedAsync($"Follower {n}"))));
        }

        foreach (var follower in followers)
        {
            await follower.FollowWhenKnownAsync("member", author.Id, "normal");
        }

        await author.StartTopicIdAsync(group, "Sixty readers");
        foreach (var follower in followers)
        {
            await follower.WaitForFeedAsync("started-topic: Sixty readers");
        }

        (await author.FeedTitlesAsync()).ShouldNotContain("started-topic: Sixty readers");
    }

    [Fact]
    public async Task Reading_the_home_feed_costs_the_same_number_of_queries_for_any_page_size_depth_or_number_of_groups()
    {
        var reader = await app.RegisterConfirmedAsync("Cost Reader");
        var groups = new List<Guid>();
        var poster = await app.RegisterConfirmedAsync("Cost Poster");
        for (var g = 0; g < 6; g++)
        {
            var group = await poster.CreateForumAsync(visibility: g % 2 == 0 ? "Public" : "MembersOnly");
            await reader.JoinForumAsync(group);
            groups.Add(group);
        }

        foreach (var group in groups)
        {
            await reader.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");
            for (var t = 0; t < 4; t++)
            {
                await poster.StartTopicIdAsync(group, $"Topic {t} of {group:N}");
            }
        }

        await Eventually.TrueAsync(async () => (await reader.FeedTitlesAsync()).Count(t => t.StartsWith("started-topic")) == 24, "24 topics in the feed");
        var first = await (await reader.Session.GetAsync($"{FollowsApi.Feed}?limit=5")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var costs = new Dictionary<string, int>();
        foreach (var query in new[] { "?limit=1", "?limit=5", "?limit=30", $"?limit=5&cursor={cursor}" })
        {
            costs[query] = await CommandsForAsync(reader.Session, FollowsApi.Feed + query);
        }

        costs.Values.ShouldAllBe(count => count > 0 && count <= 5, string.Join(", ", costs));
        costs.Values.Distinct().Count().ShouldBe(1, string.Join(", ", costs));
    }

    [Fact]
    public async Task The_feed_group_and_member_pages_show_activity_and_their_follow_forms_change_follows()
    {
        var sponsor = await app.RegisterConfirmedAsync("Page Sponsor");
        var member = await app.RegisterConfirmedAsync("Page Member");
        var group = await sponsor.CreateForumAsync();
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString();
        await member.JoinForumAsync(group);
        await member.WaitForFollowAsync("group", group, f => f is not null, "the default group follow");
        await sponsor.StartTopicIdAsync(group, "Plenary ideas");
        await member.WaitForFeedAsync("started-topic: Plenary ideas");

        var feed = await HtmlAsync(await member.Session.GetAsync("/feed"));
        feed.QuerySelectorAll(".activity-item a").Select(a => a.TextContent).ShouldContain("Plenary ideas");
        (await app.CreateSession().GetAsync("/feed")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stream = await HtmlAsync(await member.Session.GetAsync($"/groups/{slug}/activity"));
        stream.QuerySelectorAll(".activity-item").Select(i => i.TextContent).ShouldContain(t => t.Contains("Page Sponsor") && t.Contains("Plenary ideas"));
        var changed = await SubmitAsync(member.Session, stream, ".follow-form", ("level", "watching"), ("intent", "follow"));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        changed.Headers.Location!.OriginalString.ShouldBe($"/groups/{slug}/activity");
        var follow = (await member.FollowOfAsync("group", group))!.Value;
        (follow.GetProperty("level").GetString(), follow.GetProperty("chosen").GetBoolean()).ShouldBe(("watching", true));

        var profile = await HtmlAsync(await member.Session.GetAsync($"/members/{sponsor.Id}/activity"));
        profile.QuerySelectorAll(".activity-item a").Select(a => a.TextContent).ShouldContain("Plenary ideas");
        var offsite = await SubmitAsync(member.Session, profile, ".follow-form", ("level", "tracking"), ("intent", "follow"), ("returnUrl", "https://evil.example/"));
        offsite.Headers.Location!.OriginalString.ShouldBe("/follows"); // never back to another site
        (await member.FollowOfAsync("member", sponsor.Id))!.Value.GetProperty("level").GetString().ShouldBe("tracking");

        var follows = await HtmlAsync(await member.Session.GetAsync("/follows"));
        var refused = await SubmitAsync(member.Session, follows, "#id", ("target", "member"), ("id", member.Id.ToString()), ("intent", "follow"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK); // the form again, with the refusal
        (await refused.Content.ReadAsStringAsync()).ShouldContain("You cannot follow yourself.");
        (await SubmitAsync(member.Session, await HtmlAsync(await member.Session.GetAsync($"/members/{sponsor.Id}/activity")), ".follow-form",
            ("intent", "unfollow"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await member.FollowOfAsync("member", sponsor.Id)).ShouldBeNull();
        (await member.Session.GetAsync($"/groups/{Guid.NewGuid():N}/activity")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<AngleSharp.Dom.IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the form holding <paramref name="selector"/> as a browser would: its hidden fields, then the fields given, which win.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, AngleSharp.Dom.IDocument page, string selector,
        params (string Name, string Value)[] fields)
    {
        var element = page.QuerySelector(selector) ?? throw new InvalidOperationException($"No {selector} on the page.");
        var form = element as IHtmlFormElement ?? element.Closest("form") as IHtmlFormElement ?? throw new InvalidOperationException($"No form holds {selector}.");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Where(f => fields.All(given => given.Name != f.Name)).Concat(fields).ToList();
        values.ShouldContain(f => f.Name == "__RequestVerificationToken");
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : "/follows";
        return await session.PostAsync(action, new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }

    private static async Task<int> CommandsForAsync(HttpClient client, string url)
    {
        var (commands, response, body) = await DatabaseCommands.CountGetAsync(client, url);
        response.EnsureSuccessStatusCode();
        body.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        return commands;
    }
}
