using System.Text.Json.Nodes;
using Npgsql;

namespace OCoP.BuildingBlocks.PersonalData;

/// <summary>
/// A module's part of a personal-data export: every document of the module's schema that names the member at its top
/// level (an id, an author, a recipient, a member list), grouped by document kind. Generic on purpose, so a document
/// kind added later is exported without anyone remembering to: the one rule is "a document that names the member is
/// theirs to see". Values that would let anyone sign in (hashes, stamps, keys, secrets) are left out.
/// Limits: a member named only deeper inside a document (a reaction embedded in a post) is not found; each table is
/// read whole once (exports are rare).
/// </summary>
public static class PersonalDataScan
{
    private static readonly string[] SecretSuffixes = ["hash", "hashes", "securitystamp", "authenticatorkey", "secret", "concurrencystamp"];

    public static async Task<string> ScanAsync(NpgsqlDataSource dataSource, string schema, Guid memberId, IReadOnlyCollection<string> skippedKinds,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_name from information_schema.tables where table_schema = @schema and table_name like 'mt\\_doc\\_%' order by table_name",
                         connection))
        {
            list.Parameters.AddWithValue("schema", schema);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var part = new JsonObject();
        foreach (var table in tables)
        {
            var kind = table["mt_doc_".Length..];
            if (skippedKinds.Contains(kind))
            {
                continue;
            }

            // Table names come from information_schema, not from input; quoted all the same.
            await using var command = new NpgsqlCommand(
                $"""
                 select d.data::text from "{schema}"."{table}" d
                 where exists (select 1 from jsonb_each(d.data) e
                               where e.value = to_jsonb(@id::text)
                                  or (jsonb_typeof(e.value) = 'array' and e.value @> jsonb_build_array(@id::text)))
                 limit 10000
                 """, connection);
            command.Parameters.AddWithValue("id", memberId.ToString());
            var documents = new JsonArray();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (JsonNode.Parse(reader.GetString(0)) is JsonObject document)
                    {
                        documents.Add(WithoutSecrets(document));
                    }
                }
            }

            if (documents.Count > 0)
            {
                part[kind] = documents;
            }
        }

        return part.ToJsonString();
    }

    private static JsonObject WithoutSecrets(JsonObject document)
    {
        foreach (var name in document.Select(p => p.Key).ToList())
        {
            var lower = name.ToLowerInvariant();
            if (SecretSuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal)))
            {
                document.Remove(name);
            }
        }

        return document;
    }
}
