using System.Text.Json;
using Npgsql;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// What the generator wrote and what the load scenarios aim at, stored with the data (table <c>benchmark.dataset</c>)
/// so that a later run can reuse the database and still find its tokens and topics.
/// </summary>
public sealed record Manifest(
    string Size,
    int Seed,
    int GeneratorVersion,
    DateTimeOffset GeneratedAt,
    double GenerationSeconds,
    Manifest.Counts Written,
    Guid MainGroupId,
    string MainGroupSlug,
    int HotTopicNumber,
    int HotTopicPosts,
    Guid ReplyGroupId,
    IReadOnlyList<int> ReplyTopicNumbers,
    IReadOnlyList<string> Tokens,
    Guid FanOutGroupId,
    string FanOutAuthorToken,
    int FanOutFollowers,
    IReadOnlyList<string> DirectoryQueries,
    string HotWikiPageSlug,
    int HotWikiPageRevisions,
    string CalendarMonth,
    DateTimeOffset CalendarFrom,
    int MainGroupEventsInMonth,
    IReadOnlyList<string> FeedTokens,
    IReadOnlyList<string> WatcherTokens,
    string FacilitatorToken,
    IReadOnlyList<string> SearchQueries,
    IReadOnlyList<string> BroadSearchQueries,
    int SearchRows)
{
    /// <summary>Bump when generated content changes, so an older database is regenerated rather than reused.</summary>
    public const int CurrentGeneratorVersion = 5;

    public sealed record Counts(int Members, int Groups, int Memberships, int Topics, int Posts, int Follows, int ActivityItems, int FeedEntries,
        int WikiPages, int WikiRevisions, int Resources, int ResourceRatings, int Events, int EventSeries, int Rsvps, int AttendanceRecords);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "create schema if not exists benchmark; create table if not exists benchmark.dataset (id int primary key, manifest jsonb not null);" +
            "insert into benchmark.dataset (id, manifest) values (1, @manifest::jsonb) on conflict (id) do update set manifest = excluded.manifest",
            connection);
        command.Parameters.AddWithValue("manifest", JsonSerializer.Serialize(this, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The manifest of the database, or null when it holds no generated community.</summary>
    public static async Task<Manifest?> LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select manifest::text from benchmark.dataset where id = 1 and to_regclass('benchmark.dataset') is not null", connection);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<Manifest>(json, Json) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(Json) { WriteIndented = true });
}
