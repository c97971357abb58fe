using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OCoP.BuildingBlocks.Persistence;

/// <summary>
/// The host's one connection pool (docs/adr/0025-one-connection-pool.md): every module store and Wolverine's envelope
/// storage open their connections from this data source, so a host holds at most <c>Postgres:MaxPoolSize</c>
/// connections (default <see cref="DefaultMaxPoolSize"/>) whatever the number of modules. Its connections are named
/// <see cref="ApplicationName"/> in <c>pg_stat_activity</c> unless the connection string names them.
/// </summary>
public static class HostDataSource
{
    public const string ApplicationName = "ocop";
    public const int DefaultMaxPoolSize = 20;

    public static NpgsqlDataSource Create(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = configuration.GetValue("Postgres:MaxPoolSize", DefaultMaxPoolSize);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = ApplicationName;
        }

        return builder.Build();
    }
}
