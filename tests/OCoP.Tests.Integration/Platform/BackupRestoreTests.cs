using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// scripts/backup.sh and scripts/restore.sh (issue 18, item 10): a backup of a host's database, restored into a new
/// database, is served by a new host: the member signs in with their password and reads their forum.
/// </summary>
public sealed class BackupRestoreTests
{
    private sealed class Node(string? database) : OCoPApp
    {
        protected override string? SharedDatabase => database;
    }

    [Fact]
    public async Task A_backup_restored_into_a_new_database_is_served_by_a_new_host()
    {
        await using var original = new Node(null);
        await original.InitializeAsync();
        var member = await original.RegisterConfirmedAsync("Backed Up");
        var forum = await member.CreateForumAsync();

        var file = Path.Combine(Path.GetTempPath(), $"ocop-backup-{Guid.NewGuid():N}.dump");
        var restoredName = $"ocop_test_restored_{Guid.NewGuid():N}";
        var restored = new NpgsqlConnectionStringBuilder(original.ConnectionString) { Database = restoredName }.ConnectionString;
        try
        {
            await RunAsync("backup.sh", original.ConnectionString, file);
            await RunAsync("restore.sh", original.ConnectionString, file, restoredName);

            await using var host = new Node(restored);
            await host.InitializeAsync();
            var session = host.CreateSession();
            (await session.PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            var me = await (await session.GetAsync(TokensApi.Me)).JsonAsync();
            me.GetProperty("displayName").GetString().ShouldBe("Backed Up");
            (await session.GetAsync(DiscussionsApi.Forum(forum))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(file);
            await TestServers.DropDatabaseAsync(restored);
        }
    }

    private static async Task RunAsync(string script, string connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestServers.RepositoryRoot(), "scripts", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OCOP_POSTGRES"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, $"{script}: {await output}{await errors}");
    }
}
