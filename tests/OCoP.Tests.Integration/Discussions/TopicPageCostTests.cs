using System.Net;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The cost rule for reading a topic: a constant number of database commands, whatever the page size or how deep
/// the page is. Counted, not timed: each request carries its own trace id, and Npgsql reports every command it runs
/// as an activity of that trace.
/// </summary>
public sealed class TopicPageCostTests(TopicPageCostTests.App app) : IClassFixture<TopicPageCostTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task Reading_a_page_costs_the_same_number_of_queries_for_any_page_size_depth_or_view()
    {
        var sponsor = await app.RegisterConfirmedAsync("Cost Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "A long thread", "Post one.");
        for (var i = 2; i <= 240; i++)
        {
            (await sponsor.ReplyAsync(group, topic, $"Post {i}.", replyTo: i % 7 == 0 ? i / 2 : null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var anonymous = app.CreateClient();
        var threadedFirst = await anonymous.TopicPageAsync(group, topic, "?view=threaded&limit=40");
        var deepInThread = threadedFirst.GetProperty("nextCursor").GetString();
        var signedIn = sponsor.Session;
        var costs = new Dictionary<string, int>();
        foreach (var (client, who) in new[] { (anonymous, "anonymous"), (signedIn, "member") })
        {
            foreach (var query in new[] { "?limit=10", "?limit=100", "?page=12&limit=20", "?view=threaded&limit=40", $"?view=threaded&limit=20&cursor={deepInThread}" })
            {
                costs[$"{who} {query}"] = await CommandsForAsync(client, DiscussionsApi.Topic(group, topic) + query);
            }
        }

        costs.Values.ShouldAllBe(count => count > 0);
        costs.Where(c => c.Key.StartsWith("anonymous")).Select(c => c.Value).Distinct().Count().ShouldBe(1, string.Join(", ", costs));
        costs.Where(c => c.Key.StartsWith("member")).Select(c => c.Value).Distinct().Count().ShouldBe(1, string.Join(", ", costs));
    }

    private static async Task<int> CommandsForAsync(HttpClient client, string url)
    {
        var (commands, response, body) = await DatabaseCommands.CountGetAsync(client, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("posts").GetArrayLength().ShouldBeGreaterThan(0);
        return commands;
    }
}
