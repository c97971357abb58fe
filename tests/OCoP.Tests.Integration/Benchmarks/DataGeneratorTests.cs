using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OCoP.Benchmarks.DataGenerator;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Benchmarks;

/// <summary>The host on a database the benchmark generator filled with the <c>small</c> community.</summary>
public sealed class GeneratedCommunityApp : OCoPApp
{
    internal static readonly string[] Tables =
    [
        "membership.mt_doc_member", "membership.mt_doc_group", "membership.mt_doc_groupmembership", "discussions.mt_doc_topic",
        "discussions.mt_doc_post", "engagement.mt_doc_follow", "engagement.mt_doc_feedentry", "knowledge.mt_doc_wikipage",
        "knowledge.mt_doc_wikirevision", "knowledge.mt_doc_resource", "knowledge.mt_doc_resourcerating", "events.mt_doc_groupevent",
        "events.mt_doc_eventseries", "events.mt_doc_rsvp", "events.mt_doc_attendancerecord", "events.mt_doc_calendarfeed",
    ];

    internal Manifest Manifest { get; private set; } = null!;

    /// <summary>Rows per table as the generator left them, counted before the host starts (other tests then write).</summary>
    internal Dictionary<string, long> Generated { get; } = [];

    protected override async Task StartAsync()
    {
        Manifest = await CommunityGenerator.GenerateAsync(ConnectionString, DatasetSize.Small, 42, (_, _) => _ => { }, CancellationToken.None);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"select count(*) from {table}", connection);
            Generated[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        await base.StartAsync();
    }
}

/// <summary>
/// The benchmark data generator (issue 6): what it writes is what it planned, the same seed gives the same community, and
/// the host serves the generated community as if members had written it (pages, tokens, feeds, replies).
/// </summary>
public sealed class DataGeneratorTests(GeneratedCommunityApp app) : IClassFixture<GeneratedCommunityApp>
{
    [Fact]
    public async Task The_small_community_is_written_as_planned()
    {
        var written = app.Manifest.Written;
        written.Members.ShouldBe(DatasetSize.Small.Members);
        written.Groups.ShouldBe(DatasetSize.Small.Groups);
        written.Posts.ShouldBe(DatasetSize.Small.Posts);
        written.FeedEntries.ShouldBeGreaterThan(0);

        var generated = app.Generated;
        generated["membership.mt_doc_member"].ShouldBe(written.Members);
        generated["membership.mt_doc_group"].ShouldBe(written.Groups);
        generated["membership.mt_doc_groupmembership"].ShouldBe(written.Memberships);
        generated["discussions.mt_doc_topic"].ShouldBe(written.Topics);
        generated["discussions.mt_doc_post"].ShouldBe(written.Posts);
        generated["engagement.mt_doc_follow"].ShouldBe(written.Follows);
        generated["engagement.mt_doc_feedentry"].ShouldBe(written.FeedEntries);
        written.WikiPages.ShouldBe(DatasetSize.Small.Groups * DatasetSize.Small.WikiPagesPerGroup);
        generated["knowledge.mt_doc_wikipage"].ShouldBe(written.WikiPages);
        generated["knowledge.mt_doc_wikirevision"].ShouldBe(written.WikiRevisions);
        written.WikiRevisions.ShouldBe(DatasetSize.Small.WikiRevisions);
        written.Resources.ShouldBe(DatasetSize.Small.Resources);
        generated["knowledge.mt_doc_resource"].ShouldBe(written.Resources);
        generated["knowledge.mt_doc_resourcerating"].ShouldBe(written.ResourceRatings);
        written.Events.ShouldBe(DatasetSize.Small.Events);
        generated["events.mt_doc_groupevent"].ShouldBe(written.Events);
        generated["events.mt_doc_eventseries"].ShouldBe(written.EventSeries);
        generated["events.mt_doc_rsvp"].ShouldBe(written.Rsvps);
        generated["events.mt_doc_attendancerecord"].ShouldBe(written.AttendanceRecords);
        generated["events.mt_doc_calendarfeed"].ShouldBe(app.Manifest.FeedTokens.Count);
        written.Rsvps.ShouldBeInRange(DatasetSize.Small.Rsvps * 8 / 10, DatasetSize.Small.Rsvps * 12 / 10);
        written.EventSeries.ShouldBeGreaterThan(0);
        written.AttendanceRecords.ShouldBeGreaterThan(0);
        (await ScalarsAsync("select count(*) from events.mt_doc_groupevent where (data->>'WaitingCount')::int > 0"))[0].ShouldBeGreaterThan(0);
        (await Manifest.LoadAsync(app.ConnectionString, CancellationToken.None))!.Seed.ShouldBe(42);

        // Realistic skew: the biggest group holds far more members than the median one, and the long topic is there.
        var sizes = await ScalarsAsync("select count(*) from membership.mt_doc_groupmembership group by data->>'GroupId' order by 1 desc");
        sizes[0].ShouldBeGreaterThan(3 * sizes[sizes.Count / 2]);
        (await ScalarsAsync($"select count(*) from discussions.mt_doc_post where data->>'GroupId' = '{app.Manifest.MainGroupId}'"))[0]
            .ShouldBeGreaterThanOrEqualTo(DatasetSize.Small.HotTopicPosts);
    }

    [Fact]
    public async Task The_search_and_dashboard_scenarios_find_the_generated_content()
    {
        var manifest = app.Manifest;
        // One index row per member, group, topic and reply, as the search handlers write them.
        manifest.SearchRows.ShouldBe(manifest.Written.Members + manifest.Written.Groups + manifest.Written.Posts);
        (await ScalarsAsync("select count(*) from engagement.search_entries where not removed"))[0].ShouldBeGreaterThanOrEqualTo(manifest.SearchRows);

        var member = app.CreateClient();
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manifest.Tokens[1]);
        foreach (var query in manifest.SearchQueries.Concat(manifest.BroadSearchQueries))
        {
            var found = await member.GetFromJsonAsync<JsonElement>($"/api/engagement/search?q={Uri.EscapeDataString(query)}");
            found.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0, $"the search scenario's query {query} finds something");
        }

        // The dashboard of the main group, by its facilitator, has a busy month ending today.
        var facilitator = app.CreateClient();
        facilitator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manifest.FacilitatorToken);
        var health = await facilitator.GetAsync($"/api/engagement/groups/{manifest.MainGroupId}/health");
        health.StatusCode.ShouldBe(HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("monthlyActiveMembers").GetInt32().ShouldBeGreaterThan(0);
        report.GetProperty("members").GetInt32().ShouldBeGreaterThan(1);
        (await member.GetAsync($"/api/engagement/groups/{manifest.MainGroupId}/health")).StatusCode.ShouldBe(HttpStatusCode.Forbidden,
            "a contributor's token does not read the dashboard");
    }

    [Fact]
    public void The_same_seed_plans_and_draws_the_same_community_and_another_seed_a_different_one()
    {
        var first = CommunityPlan.Create(DatasetSize.Small, 42);
        var again = CommunityPlan.Create(DatasetSize.Small, 42);
        var other = CommunityPlan.Create(DatasetSize.Small, 7);

        Fingerprint(again).ShouldBe(Fingerprint(first));
        Fingerprint(other).ShouldNotBe(Fingerprint(first));
        again.Tokens.ShouldBe(first.Tokens);
        again.WatcherTokens.ShouldBe(first.WatcherTokens);
        first.WatcherTokens.Count.ShouldBe(first.FanOutWatchers.Count);
    }

    [Fact]
    public async Task The_host_serves_the_generated_community_to_visitors_and_token_holders()
    {
        var manifest = app.Manifest;
        var anonymous = app.CreateClient();
        var deepPage = (manifest.HotTopicPosts + 19) / 20;
        var page = await anonymous.GetFromJsonAsync<JsonElement>(
            $"/api/discussions/groups/{manifest.MainGroupId}/topics/{manifest.HotTopicNumber}?page={deepPage}");
        var posts = page.GetProperty("posts").EnumerateArray().ToList();
        posts.Count.ShouldBe(20);
        posts[^1].GetProperty("number").GetInt32().ShouldBe(manifest.HotTopicPosts);
        posts.ShouldAllBe(p => p.GetProperty("html").GetString()!.StartsWith("<"));

        var html = await anonymous.GetStringAsync($"/groups/{manifest.MainGroupSlug}/topics/{manifest.HotTopicNumber}?page={deepPage}");
        html.ShouldContain($"id=\"post-{manifest.HotTopicPosts}\"");

        // The wiki page of the wiki-read scenario: its long history, its [[links]] resolved, its section headings as contents.
        var wikiPage = await anonymous.GetFromJsonAsync<JsonElement>($"/api/knowledge/groups/{manifest.MainGroupId}/pages/{manifest.HotWikiPageSlug}");
        wikiPage.GetProperty("revision").GetInt32().ShouldBe(manifest.HotWikiPageRevisions);
        wikiPage.GetProperty("toc").GetArrayLength().ShouldBe(5);
        wikiPage.GetProperty("links").EnumerateArray().ShouldContain(l => !l.GetProperty("exists").GetBoolean());
        var wikiHtml = await anonymous.GetStringAsync($"/groups/{manifest.MainGroupSlug}/wiki/{manifest.HotWikiPageSlug}");
        wikiHtml.ShouldContain("wiki-missing");
        var resources = await anonymous.GetFromJsonAsync<JsonElement>($"/api/knowledge/groups/{manifest.MainGroupId}/resources");
        resources.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);

        var member = app.CreateClient();
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manifest.Tokens[1]);
        var feed = await member.GetFromJsonAsync<JsonElement>("/api/engagement/feed");
        feed.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        var directory = await member.GetFromJsonAsync<JsonElement>($"/api/membership/members?q={manifest.DirectoryQueries[0]}");
        directory.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);

        var reply = await member.PostAsJsonAsync($"/api/discussions/groups/{manifest.ReplyGroupId}/topics/{manifest.ReplyTopicNumbers[0]}/posts",
            new { body = "Replying to a generated topic with a generated member's token." });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);

        // The live benchmarks' members (docs/adr/0073): a fan-out watcher's token opens the fan-out group's chat.
        var watcher = app.CreateClient();
        watcher.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manifest.WatcherTokens[^1]);
        var channels = await watcher.GetFromJsonAsync<JsonElement>($"/api/engagement/groups/{manifest.FanOutGroupId}/chat/channels");
        channels.GetProperty("items").EnumerateArray().ShouldContain(c => c.GetProperty("id").GetGuid() == manifest.FanOutGroupId);
    }

    [Fact]
    public async Task The_calendar_month_view_and_upcoming_list_cost_the_same_number_of_queries_for_the_busiest_group_and_a_quiet_one()
    {
        var manifest = app.Manifest;
        var anonymous = app.CreateClient();
        var from = Uri.EscapeDataString(manifest.CalendarFrom.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        string Month(Guid group) => $"/api/events/groups/{group}/events?view=month&month={manifest.CalendarMonth}&limit=100";
        string Upcoming(Guid group) => $"/api/events/groups/{group}/events?view=agenda&from={from}";

        // Warm first: the first request to a fresh host may fill a process-wide cache (one more query), which is not what is compared here.
        (await anonymous.GetAsync(Month(manifest.MainGroupId), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var (busyMonth, busyMonthResponse, busyMonthBody) = await DatabaseCommands.CountGetAsync(anonymous, Month(manifest.MainGroupId));
        busyMonthResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        busyMonthBody.GetProperty("items").GetArrayLength().ShouldBe(Math.Min(100, manifest.MainGroupEventsInMonth));
        manifest.MainGroupEventsInMonth.ShouldBeGreaterThan(5);
        var (busyUpcoming, _, busyUpcomingBody) = await DatabaseCommands.CountGetAsync(anonymous, Upcoming(manifest.MainGroupId));
        busyUpcomingBody.GetProperty("items").GetArrayLength().ShouldBe(20);

        // The public group with the fewest events (a members-only one would answer 401 to a visitor).
        var quiet = Guid.Empty;
        var quietEvents = 0L;
        foreach (var (group, count) in await GroupsByEventCountAsync())
        {
            if ((await anonymous.GetAsync(Upcoming(group), TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK)
            {
                (quiet, quietEvents) = (group, count);
                break;
            }
        }

        quiet.ShouldNotBe(Guid.Empty);
        quietEvents.ShouldBeLessThan(manifest.Written.Events / 10);
        var (quietMonth, quietMonthResponse, quietMonthBody) = await DatabaseCommands.CountGetAsync(anonymous, Month(quiet));
        quietMonthResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        quietMonthBody.GetProperty("items").GetArrayLength().ShouldBeLessThan(busyMonthBody.GetProperty("items").GetArrayLength());
        var (quietUpcoming, _, _) = await DatabaseCommands.CountGetAsync(anonymous, Upcoming(quiet));

        busyMonth.ShouldBeGreaterThan(0);
        busyMonth.ShouldBe(quietMonth);
        busyUpcoming.ShouldBe(quietUpcoming);

        // The site-wide calendar of a benchmark member, and the personal .ics feeds of the scenario: the same cost whatever the number of events.
        var member = app.CreateClient().WithBearer(manifest.Tokens[1]);
        var (_, siteResponse, site) = await DatabaseCommands.CountGetAsync(member, $"/api/events/calendar?view=agenda&from={from}");
        siteResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        site.GetProperty("items").GetArrayLength().ShouldBe(20);
        var feeds = new List<(int Commands, int Events)>();
        foreach (var token in manifest.FeedTokens.Take(5))
        {
            var (commands, response, calendar) = await DatabaseCommands.CountGetTextAsync(anonymous, $"/api/events/feeds/{token}/ical");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            calendar.ShouldStartWith("BEGIN:VCALENDAR");
            feeds.Add((commands, calendar.Split("BEGIN:VEVENT").Length - 1));
        }

        feeds.Select(f => f.Commands).Distinct().Count().ShouldBe(1);
        // A feed shows answers from a month before today on, and the generated calendar ends a year after its anchor.
        if (app.Clock.GetUtcNow() < CommunityPlan.Anchor.AddDays(300))
        {
            feeds.Select(f => f.Events).Distinct().Count().ShouldBeGreaterThan(1);
        }
    }

    private async Task<List<(Guid Group, long Events)>> GroupsByEventCountAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (data->>'GroupId')::uuid, count(*) from events.mt_doc_groupevent group by 1 having count(*) > 0 order by 2, 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new List<(Guid, long)>();
        while (await reader.ReadAsync())
        {
            groups.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return groups;
    }

    private static string Fingerprint(CommunityPlan plan)
    {
        var markdown = new MarkdownRenderer();
        var hash = new HashCode();
        foreach (var member in plan.Members)
        {
            hash.Add(member.Id);
            hash.Add(member.Name);
        }

        foreach (var membership in plan.Memberships)
        {
            hash.Add((membership.Group, membership.Member, membership.Role, membership.JoinedAt));
        }

        foreach (var topic in plan.Topics)
        {
            hash.Add((topic.Id, topic.Group, topic.Number, topic.PostCount, topic.StartAt, topic.Title));
        }

        // Posts are drawn per topic from the topic's own seed: two draws of the same topics match post for post.
        foreach (var topic in plan.Topics.Take(30))
        {
            foreach (var post in TopicContent.Draw(plan, topic, markdown).Posts)
            {
                hash.Add((post.Id, post.AuthorId, post.CreatedAt, post.Source, post.Html, post.ThreadPath));
            }
        }

        return $"{plan.Members.Count}/{plan.Memberships.Count}/{plan.Topics.Count}/{hash.ToHashCode()}";
    }

    private async Task<List<long>> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }
}
