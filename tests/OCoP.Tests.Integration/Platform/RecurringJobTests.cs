using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.Modules.Discussions;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// Two hosts on one database, both running the sweeps every two seconds in Balanced mode (as several nodes would): each
/// period runs once, not once per host (docs/adr/0012-time-based-work.md).
/// </summary>
public sealed class RecurringJobTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private sealed class Node(string? database) : OCoPApp
    {
        protected override string? SharedDatabase => database;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Wolverine:Durability"] = "Balanced",
            ["Groups:SweepIntervalMinutes"] = Interval.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Discussions:AutoCloseSweepMinutes"] = Interval.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task With_two_hosts_on_one_database_each_sweep_runs_once_per_period()
    {
        var database = await TestServers.CreateDatabaseAsync();
        try
        {
            // The first host creates the schemas; then two more start at the same moment and race to ensure the jobs.
            await using var first = new Node(database);
            await first.InitializeAsync();
            await using var second = new Node(database);
            await using var third = new Node(database);
            await Task.WhenAll(second.InitializeAsync().AsTask(), third.InitializeAsync().AsTask());

            var dormancy = await WaitForRunsAsync(first.Services.GetRequiredService<IMembershipStore>(), DormancyHandler.JobId, runs: 4);
            var autoClose = await WaitForRunsAsync(first.Services.GetRequiredService<IDiscussionsStore>(), AutoCloseHandler.JobId, runs: 4);

            foreach (var job in new[] { dormancy, autoClose })
            {
                // One chain of messages: every run is a later period than the one before, a whole interval apart. A
                // second chain (a host scheduling its own) would put two runs in one period.
                job.RecentRuns.ShouldBeInOrder(SortDirection.Ascending);
                job.RecentRuns.Zip(job.RecentRuns.Skip(1), (earlier, later) => later - earlier)
                    .ShouldAllBe(gap => gap >= Interval, $"{job.Id} ran twice in one period: {string.Join(", ", job.RecentRuns)}");
            }
        }
        finally
        {
            await TestServers.DropDatabaseAsync(database);
        }
    }

    private static Task<RecurringJob> WaitForRunsAsync(IDocumentStore store, string jobId, int runs) =>
        Eventually.FoundAsync(async () =>
        {
            await using var session = store.QuerySession();
            var job = await session.LoadAsync<RecurringJob>(jobId, TestContext.Current.CancellationToken);
            return job is not null && job.Runs >= runs ? job : null;
        }, $"{jobId} to run {runs} times", TimeSpan.FromSeconds(90));
}
