using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace OCoP.Host.Infrastructure;

/// <summary>
/// The data protection key ring in PostgreSQL (table <c>host.data_protection_keys</c>), so every host behind the proxy
/// reads the same keys: a sign-in cookie, an antiforgery token or an unsubscribe link made by one host is read by the
/// others, and keys survive a host's disk (docs/adr/0040-several-hosts.md). Keys are stored as ASP.NET writes them (not
/// encrypted at rest, like the default file store on Linux): the database's access rules protect them.
/// </summary>
internal sealed class PostgresKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    private const string Schema = "host";
    private const string Table = Schema + ".data_protection_keys";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureTable();
        using var command = dataSource.CreateCommand($"SELECT xml FROM {Table} ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureTable();
        using var command = dataSource.CreateCommand($"INSERT INTO {Table} (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    private volatile bool ensured;

    private void EnsureTable()
    {
        if (ensured)
        {
            return;
        }

        // Several hosts starting at once may race to create it: an advisory lock inside one transaction serialises them.
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand(
                   $"SELECT pg_advisory_xact_lock(4040404040); CREATE SCHEMA IF NOT EXISTS {Schema}; " +
                   $"CREATE TABLE IF NOT EXISTS {Table} (friendly_name text PRIMARY KEY, xml text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                   connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        ensured = true;
    }
}
