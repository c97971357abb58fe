using Npgsql;
using Spectre.Console;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// <c>dotnet run --project benchmarks/OCoP.Benchmarks.DataGenerator -- --size small|medium|large [--seed 42]
/// [--connection "Host=…;Database=ocop_bench_small"] [--reuse]</c>: (re)creates the database and fills it with a
/// generated community. With --reuse, a database already holding the same size, seed and generator version is kept.
/// The connection string defaults to OCOP_BENCH_POSTGRES, else the local server with database ocop_bench_&lt;size&gt;.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = CommandLine.Options(args);
        var size = DatasetSize.Parse(options.GetValueOrDefault("size", "small"));
        var seed = int.Parse(options.GetValueOrDefault("seed", "42"), System.Globalization.CultureInfo.InvariantCulture);
        var connectionString = options.GetValueOrDefault("connection")
            ?? Environment.GetEnvironmentVariable("OCOP_BENCH_POSTGRES")
            ?? $"Host=127.0.0.1;Port=5432;Username=ocop;Password=ocop;Database=ocop_bench_{size.Name}";

        if (options.ContainsKey("reuse") && await ExistingAsync(connectionString) is { } existing && existing.Size == size.Name && existing.Seed == seed
            && existing.GeneratorVersion == Manifest.CurrentGeneratorVersion)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Reusing[/] the {size.Name} community generated {existing.GeneratedAt:yyyy-MM-dd HH:mm} (seed {seed}).");
            // The health dashboard shows the 30 days ending today: the main group's month is moved to end today.
            await HealthContent.RefreshAsync(connectionString, size, seed, CancellationToken.None);
            return 0;
        }

        await RecreateDatabaseAsync(connectionString);
        AnsiConsole.MarkupLineInterpolated(
            $"Generating the [bold]{size.Name}[/] community (seed {seed}): {size.Members:N0} members, {size.Groups:N0} groups, {size.Posts:N0} posts, {size.Events:N0} events.");
        Manifest? manifest = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                manifest = await CommunityGenerator.GenerateAsync(connectionString, size, seed, (name, total) =>
                {
                    var task = context.AddTask(name, maxValue: Math.Max(1, total));
                    return by => task.Increment(by);
                }, CancellationToken.None);
            });

        var written = manifest!.Written;
        AnsiConsole.MarkupLineInterpolated(
            $"Done in {manifest.GenerationSeconds:N0} s: {written.Members:N0} members, {written.Groups:N0} groups, {written.Memberships:N0} memberships, {written.Topics:N0} topics, {written.Posts:N0} posts, {written.Follows:N0} follows, {written.ActivityItems:N0} activity items, {written.FeedEntries:N0} feed entries, {written.WikiPages:N0} wiki pages, {written.WikiRevisions:N0} wiki revisions, {written.Resources:N0} resources, {written.Events:N0} events with {written.Rsvps:N0} answers.");
        return 0;
    }

    private static async Task<Manifest?> ExistingAsync(string connectionString)
    {
        try
        {
            return await Manifest.LoadAsync(connectionString, CancellationToken.None);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return null; // no such database yet
        }
    }

    /// <summary>Drops and creates the target database, connected to the server's maintenance database.</summary>
    private static async Task RecreateDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new ArgumentException("The connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { $"drop database if exists \"{database}\" with (force)", $"create database \"{database}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        // Connections pooled while reading the old database's manifest were closed by the drop.
        NpgsqlConnection.ClearAllPools();
    }
}

/// <summary>Items per second, for the progress bar (Spectre's own speed column counts bytes).</summary>
internal sealed class RateColumn : ProgressColumn
{
    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? $"{speed:N0}/s" : "", Style.Plain);
}
