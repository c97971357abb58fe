using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Email;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// Three host processes on one database in Balanced mode, as scripts/cluster.sh runs them. During a burst of replies
/// sent to all three, one is killed with SIGKILL: every reply that was acknowledged exists exactly once, the
/// notification each causes is counted exactly once, and the recurring work keeps running on the survivors
/// (docs/adr/0040-several-hosts.md).
/// </summary>
public sealed partial class ClusterFaultTests
{
    private const int Replies = 36;
    private const int KillAfterAcknowledged = 10;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(3);
    private static readonly string SweepMinutes = SweepInterval.TotalMinutes.ToString(CultureInfo.InvariantCulture);

    /// <summary>The in-process node the test drives the setup and the checks through; the same settings as the processes.</summary>
    private sealed class Controller(string database) : OCoPApp
    {
        protected override string? SharedDatabase => database;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Wolverine:Durability"] = "Balanced",
            ["Engagement:StuckEmailSweepMinutes"] = SweepMinutes,
            ["Discussions:PostsPerMinute"] = "100000",
            ["Discussions:NewMembers:Replies"] = "100000",
        };
    }

    [Fact]
    public async Task Killing_one_of_three_hosts_during_a_burst_of_replies_loses_and_doubles_nothing_and_the_others_take_over()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var hosts = new List<HostProcess>();
        try
        {
            await using var controller = new Controller(database);
            await controller.InitializeAsync();
            var author = await controller.RegisterConfirmedAsync("Burst Author");
            var replier = await controller.RegisterConfirmedAsync("Burst Replier");
            var group = await author.CreateForumAsync();
            await replier.JoinForumAsync(group);
            var topic = await author.StartTopicNumberAsync(group, "Replies under fire");
            var token = (await (await replier.Session.PostAsJsonAsync("/api/membership/tokens",
                    new { name = "burst", scopes = new[] { "read", "write" }, expiresInDays = 1 })).JsonAsync())
                .GetProperty("token").GetString()!;

            var smtp = await TestServers.SmtpAsync();
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:Postgres"] = controller.ConnectionString,
                ["Smtp:Host"] = smtp.Host,
                ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Site:BaseUrl"] = "http://localhost",
                ["Wolverine:Durability"] = "Balanced",
                ["Engagement:StuckEmailSweepMinutes"] = SweepMinutes,
                ["Groups:SweepIntervalMinutes"] = "0",
                ["Discussions:AutoCloseSweepMinutes"] = "0",
                ["Discussions:PostsPerMinute"] = "100000",
                ["Discussions:NewMembers:Replies"] = "100000",
                ["RateLimiting:AccountPermitsPerMinute"] = "100000",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            };
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(HostProcess.Start(settings));
            }

            foreach (var host in hosts)
            {
                await host.WaitReadyAsync(TimeSpan.FromMinutes(3));
            }

            var victim = hosts[1];
            var acknowledged = new ConcurrentBag<string>();
            var refused = new ConcurrentBag<string>();
            var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Generous: the three hosts, the controller and PostgreSQL share two cores with the rest of the test run.
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var next = -1;
            var acknowledgedCount = 0;
            async Task SendAsync()
            {
                while (Interlocked.Increment(ref next) is var i && i < Replies)
                {
                    var body = $"Burst reply {i:D3}";
                    var host = hosts[i % hosts.Count];
                    try
                    {
                        var response = await client.PostAsJsonAsync($"{host.Url}{DiscussionsApi.Topic(group, topic)}/posts", new { body });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add(body);
                            if (Interlocked.Increment(ref acknowledgedCount) == KillAfterAcknowledged)
                            {
                                victim.KillHard();
                                killed.TrySetResult(KillAfterAcknowledged);
                            }
                        }
                        else
                        {
                            refused.Add($"{host.Url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (HttpRequestException) when (host == victim)
                    {
                        // Sent to the host being killed: not acknowledged, so it may or may not exist (at most once).
                    }
                    catch (TaskCanceledException) when (host == victim)
                    {
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendAsync()));
            refused.ShouldBeEmpty("a reply was refused");
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(5));
            acknowledged.Count.ShouldBeGreaterThan(Replies * 2 / 3 - 1, "the two surviving hosts took their share");

            // Every acknowledged reply exists exactly once; nothing exists twice (an unacknowledged one at most once).
            var bodies = await Eventually.FoundAsync(async () =>
            {
                var page = await controller.CreateClient().TopicPageAsync(group, topic, "?page=1&limit=100");
                // Anonymous readers get the rendered post (no source): the marker is in its HTML.
                var found = page.PostsOf().Select(p => BurstMarker().Match(p.GetProperty("html").GetString() ?? "").Value).Where(m => m.Length > 0).ToList();
                return acknowledged.All(found.Contains) ? found : null;
            }, "every acknowledged reply in the topic", TimeSpan.FromMinutes(3));
            bodies.GroupBy(b => b).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("no reply exists twice");

            // The topic's author is notified of each reply once: one folded notification whose count is the number of
            // replies, reached once every host's queued work (the killed host's included) has been handled.
            await Eventually.TrueAsync(async () =>
            {
                var notifications = (await (await author.Session.GetAsync("/api/engagement/notifications?limit=100")).JsonAsync())
                    .GetProperty("items").EnumerateArray()
                    .Where(n => n.GetProperty("path").GetString()!.Contains($"/topics/{topic}/", StringComparison.Ordinal)).ToList();
                return notifications.Sum(n => n.GetProperty("count").GetInt32()) == bodies.Count;
            }, $"the author's notifications to count exactly {bodies.Count} replies (more would be a reply notified twice)", TimeSpan.FromMinutes(3));

            // The recurring sweep goes on after the kill, one chain of runs, an interval apart.
            var store = controller.Services.GetRequiredService<IEngagementStore>();
            var runsAtKill = (await LoadJobAsync(store))?.Runs ?? 0;
            var job = await Eventually.FoundAsync(async () => await LoadJobAsync(store) is { } j && j.Runs >= runsAtKill + 3 ? j : null,
                "the stuck-e-mail sweep to run three more times after the kill", TimeSpan.FromMinutes(3));
            job.RecentRuns.Zip(job.RecentRuns.Skip(1), (earlier, later) => later - earlier)
                .ShouldAllBe(gap => gap >= SweepInterval, $"two chains of the sweep: {string.Join(", ", job.RecentRuns)}");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            await TestServers.DropDatabaseAsync(database);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Burst reply \d{3}")]
    private static partial System.Text.RegularExpressions.Regex BurstMarker();

    private static async Task<RecurringJob?> LoadJobAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<RecurringJob>(StuckEmailSweepHandler.JobId, TestContext.Current.CancellationToken);
    }
}
