using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace OCoP.Modules.Knowledge.Files;

/// <summary>The bytes of the files, in a plain table of the module's schema (bytea: TOAST-compressed, streamed on read).</summary>
internal static class FileContents
{
    public const string Table = "file_contents";

    /// <summary>The table, created with the module's documents at start-up (ApplyAllDatabaseChangesOnStartup).</summary>
    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{Table}");
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    /// <summary>Queued in the session: the bytes commit with the file's document, or not at all.</summary>
    public static void Insert(IDocumentSession session, Guid id, byte[] content) =>
        session.QueueSqlCommand($"insert into {KnowledgeModule.SchemaName}.{Table} (id, content) values (?, ?)", id, content);

    /// <summary>Queued in the session: the bytes go with the files' documents.</summary>
    public static void Delete(IDocumentSession session, Guid[] ids)
    {
        if (ids.Length > 0)
        {
            session.QueueSqlCommand($"delete from {KnowledgeModule.SchemaName}.{Table} where id = any(?)", ids);
        }
    }

    public static async Task<byte[]?> ReadAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select content from {KnowledgeModule.SchemaName}.{Table} where id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
