using System.Net.Http.Json;
using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Health;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>Issue 15, item 2: the group health dashboard from rollups of events, with a controlled clock.</summary>
public sealed class GroupHealthTests(GroupHealthTests.App app) : IClassFixture<GroupHealthTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task Facilitators_see_figures_from_events_and_contributors_are_refused()
    {
        var sponsor = await app.RegisterConfirmedAsync("Health Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Health Contributor");
        var group = await sponsor.CreateForumAsync();
        await contributor.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(contributor, group, "Contributor");
        var question = await contributor.StartTopicNumberAsync(group, "How do we start?", "Any ideas?", kind: "Question");
        await sponsor.StartTopicNumberAsync(group, "Welcome", "Say hello.");
        app.Clock.Advance(TimeSpan.FromHours(2));
        var answer = await sponsor.ReplyNumberAsync(group, question, "With a question.");
        (await sponsor.AcceptAnswerAsync(group, question, answer)).EnsureSuccessStatusCode();

        var url = $"/api/engagement/groups/{group}/health";
        System.Text.Json.JsonElement report = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await sponsor.Session.GetAsync(url);
            report = await response.JsonAsync();
            return response.IsSuccessStatusCode && report.GetProperty("unansweredQuestions").GetInt32() == 0 &&
                   report.GetProperty("topicsStarted").GetInt32() == 2 && report.GetProperty("zeroReplyTopics").GetInt32() == 1;
        }, "the dashboard to show both topics and the accepted answer");
        report.GetProperty("members").GetInt32().ShouldBe(2);
        report.GetProperty("monthlyActiveMembers").GetInt32().ShouldBe(2);
        report.GetProperty("newMembers").GetInt32().ShouldBe(2);           // the sponsor joined at creation, the contributor after
        report.GetProperty("newMembersWhoPosted").GetInt32().ShouldBe(2);
        report.GetProperty("creators").GetInt32().ShouldBe(2);
        report.GetProperty("commenters").GetInt32().ShouldBe(0);
        report.GetProperty("zeroReplyTopics").GetInt32().ShouldBe(1);       // "Welcome"
        report.GetProperty("medianHoursToFirstReply").GetDouble().ShouldBe(2);
        report.GetProperty("questions").GetInt32().ShouldBe(1);
        report.GetProperty("unansweredQuestions").GetInt32().ShouldBe(0);
        report.GetProperty("acceptedAnswerRate").GetDouble().ShouldBe(1);
        report.GetProperty("topContributors")[0].GetProperty("name").GetString().ShouldBe("Health Sponsor"); // two posts
        report.GetProperty("days").GetArrayLength().ShouldBe(30);

        await (await contributor.Session.GetAsync(url)).ProblemAsync(403);
        await (await app.CreateClient().GetAsync(url)).ProblemAsync(401);
        var csv = await (await sponsor.Session.GetAsync($"{url}/days")).Content.ReadAsStringAsync();
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(31);
        csv.ShouldStartWith("day,active_members,topics,replies,new_members");

        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString();
        var page = await sponsor.Session.GetAsync($"/groups/{slug}/health");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<svg id=\"activity-chart\" role=\"img\"");
        html.ShouldContain("<caption>Per day: the figures of the chart</caption>");
        (await contributor.Session.GetAsync($"/groups/{slug}/health")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Readers_are_members_whose_reading_advanced_in_the_period_and_who_did_not_post()
    {
        var sponsor = await app.RegisterConfirmedAsync("Readers Sponsor");
        var reader = await app.RegisterConfirmedAsync("Readers Reader");
        var group = await sponsor.CreateForumAsync();
        await reader.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Something to read", "Read me.");
        var url = $"/api/engagement/groups/{group}/health";

        async Task<int> ReadersAsync() => (await (await sponsor.Session.GetAsync(url)).JsonAsync()).GetProperty("readers").GetInt32();
        async Task ReadAsync(int upTo) =>
            (await reader.Session.PostAsJsonAsync($"/api/discussions/groups/{group}/topics/{topic}/read", new { postNumber = upTo })).EnsureSuccessStatusCode();

        (await ReadersAsync()).ShouldBe(0);
        await ReadAsync(1);
        await Eventually.TrueAsync(async () => await ReadersAsync() == 1, "the reader counted");

        // Reading further the same day is the same reader; once they reply they are a commenter, not a reader.
        await sponsor.ReplyNumberAsync(group, topic, "More to read.");
        await ReadAsync(2);
        (await ReadersAsync()).ShouldBe(1);
        await reader.ReplyNumberAsync(group, topic, "Thanks!");
        await Eventually.TrueAsync(async () => await ReadersAsync() == 0, "the reader who replied counted as a commenter");
        (await (await sponsor.Session.GetAsync(url)).JsonAsync()).GetProperty("commenters").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_day_written_in_the_older_shape_counts_on_the_dashboard_as_it_did()
    {
        var sponsor = await app.RegisterConfirmedAsync("Shape Sponsor");
        var group = await sponsor.CreateForumAsync();
        await sponsor.StartTopicNumberAsync(group, "Today's topic", "Written today.");
        var url = $"/api/engagement/groups/{group}/health";
        await Eventually.TrueAsync(async () => (await (await sponsor.Session.GetAsync(url)).JsonAsync()).GetProperty("topicsStarted").GetInt32() == 1,
            "today's topic counted");

        // Yesterday as a host before ADR 0081 wrote it: one "{member:N}/{post:N}" string per post, no counts.
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var replies = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var store = app.Services.GetRequiredService<IEngagementStore>();
        await using (var session = store.LightweightSession())
        {
            session.Store(new GroupDay
            {
                Id = GroupDay.IdFor(group, yesterday), GroupId = group, Day = yesterday, ActiveMemberIds = [sponsor.Id], ReplyIds = [.. replies],
                AuthoredPosts = [.. replies.Select(r => $"{sponsor.Id:N}/{r:N}")],
            });
            await session.SaveChangesAsync();
        }

        var report = await (await sponsor.Session.GetAsync(url)).JsonAsync();
        var days = report.GetProperty("days").EnumerateArray().ToList();
        var old = days.Single(d => d.GetProperty("day").GetString() == yesterday.ToString("yyyy-MM-dd"));
        old.GetProperty("replies").GetInt32().ShouldBe(3);
        old.GetProperty("activeMembers").GetInt32().ShouldBe(1);
        var top = report.GetProperty("topContributors")[0];
        top.GetProperty("name").GetString().ShouldBe("Shape Sponsor");
        top.GetProperty("posts").GetInt32().ShouldBe(4); // three replies yesterday, the topic today

        // The next write to that day stores it in the current shape, with what it held.
        await using (var session = store.LightweightSession())
        {
            var message = new OCoP.Modules.Membership.Contracts.MemberJoinedGroup(group, Guid.NewGuid(), [OCoP.Modules.Membership.Contracts.GroupRole.Contributor],
                new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            await GroupHealthHandler.Handle(message, session, CancellationToken.None);
            await session.SaveChangesAsync();
        }

        await using (var session = store.QuerySession())
        {
            var upgraded = (await session.LoadAsync<GroupDay>(GroupDay.IdFor(group, yesterday)))!;
            upgraded.Shape.ShouldBe(GroupDay.CurrentShape);
            upgraded.AuthoredPosts.ShouldBeNull();
            (upgraded.Replies, upgraded.NewMemberIds.Count).ShouldBe((3, 1));
            upgraded.PostsByAuthor.ShouldBe(new Dictionary<Guid, int> { [sponsor.Id] = 3 }, ignoreOrder: true);
        }
    }
}
