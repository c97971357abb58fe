using System.Net.Http.Json;
using Npgsql;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// One connection pool per host (docs/adr/0025-one-connection-pool.md): under a burst of reads and writes that also sets
/// every module's Wolverine handlers to work, the host never holds more connections than <c>Postgres:MaxPoolSize</c>
/// (20 by default), counted by PostgreSQL itself in <c>pg_stat_activity</c> under the pool's application name.
/// </summary>
public sealed class ConnectionBudgetTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    private const int Budget = 20;

    [Fact]
    public async Task A_host_under_load_stays_within_its_connection_budget()
    {
        var author = await app.RegisterConfirmedAsync("Budget Author");
        var reader = await app.RegisterConfirmedAsync("Budget Reader");
        var group = await author.CreateGroupAsync("Budget");
        (await reader.JoinAsync(group)).EnsureSuccessStatusCode();
        var topic = await author.StartTopicNumberAsync(group, "Load on the pool", "Under load");

        var peak = 0;
        var samples = 0;
        using var stop = new CancellationTokenSource();
        var probe = Task.Run(async () =>
        {
            var probeConnection = new NpgsqlConnectionStringBuilder(app.ConnectionString) { ApplicationName = "ocop-budget-probe", Pooling = false };
            await using var connection = new NpgsqlConnection(probeConnection.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and application_name = 'ocop'", connection);
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, (int)(long)(await count.ExecuteScalarAsync())!);
                samples++;
                await Task.Delay(20);
            }
        });

        var requests = Enumerable.Range(0, 240).Select(async i =>
        {
            var response = (i % 6) switch
            {
                0 => await author.Session.PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/posts", new { body = $"Reply {i}" }),
                1 => await reader.Session.GetAsync("/api/engagement/feed?limit=20"),
                2 => await reader.Session.GetAsync($"/api/discussions/groups/{group}/topics/{topic}"),
                3 => await app.CreateClient().GetAsync("/api/membership/groups?limit=50"),
                4 => await reader.Session.GetAsync("/api/engagement/notifications"),
                _ => await reader.Session.GetAsync($"/api/membership/members?q=budget"),
            };
            // Replies beyond the per-minute limit are refused (429); nothing may fail for want of a connection.
            ((int)response.StatusCode).ShouldBeLessThan(500, await response.Content.ReadAsStringAsync());
        });
        await Task.WhenAll(requests);
        await app.MessagesHandledAsync(author.Id, "the replies' notifications and feed entries");

        await stop.CancelAsync();
        await probe;
        samples.ShouldBeGreaterThan(5);
        peak.ShouldBeGreaterThan(0, "the host's connections carry the pool's application name");
        peak.ShouldBeLessThanOrEqualTo(Budget);
    }
}
