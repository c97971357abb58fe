using Npgsql;

namespace OCoP.Host.Infrastructure;

internal static class DatabaseCheck
{
    /// <summary>Null when PostgreSQL answers; otherwise one line that says what is wrong and what to do.</summary>
    public static async Task<string?> ProblemAsync(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "OCoP: no database configured. Set ConnectionStrings__Postgres, or start with scripts/start.sh, which sets up a local PostgreSQL.";
        }

        NpgsqlConnectionStringBuilder settings;
        try
        {
            // Unpooled: a one-off check must not leave an idle connection beside the host's pool (docs/adr/0025).
            settings = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
        }
        catch (ArgumentException exception)
        {
            return $"OCoP: ConnectionStrings__Postgres is not a valid connection string ({exception.Message}).";
        }

        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = (exception.InnerException ?? exception).Message.ReplaceLineEndings(" ");
            return $"OCoP: cannot reach PostgreSQL at {settings.Host}:{settings.Port} database '{settings.Database}' as '{settings.Username}': {reason} " +
                   "(run scripts/ensure-postgres.sh, or fix ConnectionStrings__Postgres).";
        }
    }
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}
