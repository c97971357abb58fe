using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// Issue 15, item 4: facilitators' scheduled questions are durable scheduled messages; with two hosts on one database
/// each is posted once, as its author (docs/adr/0012-time-based-work.md).
/// </summary>
public sealed class ScheduledPromptTests
{
    private sealed class Node(string? database) : OCoPApp
    {
        protected override string? SharedDatabase => database;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Wolverine:Durability"] = "Balanced",
            ["Discussions:PostsPerMinute"] = "100000",
        };
    }

    [Fact]
    public async Task With_two_hosts_each_scheduled_prompt_is_posted_once_as_its_author()
    {
        var database = await TestServers.CreateDatabaseAsync();
        try
        {
            await using var first = new Node(database);
            await first.InitializeAsync();
            await using var second = new Node(database);
            await second.InitializeAsync();

            var facilitator = await first.RegisterConfirmedAsync("Prompt Facilitator");
            var member = await first.RegisterConfirmedAsync("Prompt Member");
            var group = await facilitator.CreateForumAsync();
            await member.JoinForumAsync(group);
            var prompts = $"/api/discussions/groups/{group}/prompts";

            // A prompt in the past is a 400; a contributor may not schedule one.
            await (await facilitator.Session.PostAsJsonAsync(prompts, new { title = "Too late a question", body = "?", postAt = first.Clock.GetUtcNow().AddMinutes(-1) }))
                .ProblemAsync(400);
            await (await member.Session.PostAsJsonAsync(prompts, new { title = "Not mine to ask", body = "?", postAt = first.Clock.GetUtcNow().AddMinutes(5) }))
                .ProblemAsync(403);

            // Five prompts due in a few seconds; a weekly series of three whose first occurrence is due too.
            var at = DateTimeOffset.UtcNow.AddSeconds(4);
            var titles = Enumerable.Range(1, 5).Select(i => $"Question of the week {i}").ToList();
            foreach (var title in titles)
            {
                (await facilitator.Session.PostAsJsonAsync(prompts, new { title, body = "What did you try this week?", postAt = at })).EnsureSuccessStatusCode();
            }

            (await facilitator.Session.PostAsJsonAsync(prompts, new { title = "Weekly check-in", body = "How is it going?", postAt = at, weeks = 3 }))
                .EnsureSuccessStatusCode();

            var posted = await Eventually.FoundAsync(async () =>
            {
                var list = (await (await facilitator.Session.GetAsync(prompts)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
                return list.Count == 6 && list.All(p => p.GetProperty("posted").EnumerateObject().Any()) ? list : null;
            }, "every prompt's first occurrence to be posted", TimeSpan.FromSeconds(90));
            posted.ShouldAllBe(p => !p.GetProperty("failed").EnumerateObject().Any());

            // Each title is one topic, started by the facilitator, seen the same from either host.
            foreach (var host in new[] { first, second })
            {
                var topics = (await host.CreateClient().TopicListAsync(group, "?limit=100")).GetProperty("items").EnumerateArray().ToList();
                foreach (var title in titles.Append("Weekly check-in"))
                {
                    var matching = topics.Where(t => t.GetProperty("title").GetString() == title).ToList();
                    matching.Count.ShouldBe(1, $"{title} was posted {matching.Count} times");
                }
            }

            // The series posted its first week only; the next weeks wait for their time.
            var series = posted.Single(p => p.GetProperty("title").GetString() == "Weekly check-in");
            series.GetProperty("occurrences").GetInt32().ShouldBe(3);
            series.GetProperty("posted").EnumerateObject().Select(o => o.Name).ShouldBe(["0"]);
        }
        finally
        {
            await TestServers.DropDatabaseAsync(database);
        }
    }
}
