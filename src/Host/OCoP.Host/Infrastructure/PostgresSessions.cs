using Npgsql;

namespace OCoP.Host.Infrastructure;

/// <summary>How the host's database sessions are set up, whatever the connection string configured.</summary>
internal static class PostgresSessions
{
    private const string NoParallelQuery = "-c max_parallel_workers_per_gather=0";

    /// <summary>
    /// Turns PostgreSQL's parallel query off for the host's sessions. Every query of the site reads a few rows through an
    /// index; when the planner misjudges a range (a topic's first page: post numbers 1 to 20 exist in every topic) it
    /// starts parallel workers, which cost 30-50 ms where the index scan takes half a millisecond (docs/performance.md).
    /// </summary>
    public static string? WithoutParallelQuery(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("max_parallel_workers_per_gather", StringComparison.Ordinal) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? NoParallelQuery : $"{builder.Options} {NoParallelQuery}";
        }

        return builder.ConnectionString;
    }
}
