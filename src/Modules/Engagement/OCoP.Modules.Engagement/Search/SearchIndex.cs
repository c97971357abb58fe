using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OCoP.Modules.Engagement.Search;

/// <summary>What the database offers the search: the text search configuration and whether the two extensions exist.</summary>
internal sealed record SearchSetup(string Language, bool Unaccent, string? TrigramSchema);

/// <summary>
/// The search index: one row per findable thing in <c>engagement.search_entries</c>, with a tsvector maintained on
/// every write (title A, tags B, body B, context D), GIN indexes, and tombstones so that a late, older message changes
/// nothing (docs/search.md, docs/adr/0032). Plain SQL, not a Marten document: ranking, headlines and trigram matching
/// are PostgreSQL functions Marten's LINQ does not express. Writes are queued on the handler's Marten session, so they
/// commit with the Wolverine inbox in one transaction.
/// </summary>
internal static class SearchIndex
{
    public const string Table = "engagement.search_entries";
    public const string LanguageKey = "Engagement:SearchLanguage";
    private const long SetupLock = 0x0C0F_5EA4_C401;

    private static readonly ConcurrentDictionary<string, Lazy<Task<SearchSetup>>> Setups = new();

    public static string LanguageOf(IConfiguration configuration) =>
        configuration[LanguageKey] is { Length: > 0 } language ? language : "english";

    /// <summary>Creates the table, its indexes and the extensions once per database and process (idempotent; safe with several hosts).</summary>
    public static Task<SearchSetup> EnsureAsync(IDocumentStore store, IConfiguration configuration)
    {
        var language = LanguageOf(configuration);
        var key = $"{configuration.GetConnectionString("Postgres")}|{language}";
        var setup = Setups.GetOrAdd(key, _ => new Lazy<Task<SearchSetup>>(() => SetUpAsync(store, language)));
        if (setup.Value.IsFaulted)
        {
            Setups.TryRemove(key, out _); // retried by the next message or request
        }

        return setup.Value;
    }

    private static async Task<SearchSetup> SetUpAsync(IDocumentStore store, string language)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({SetupLock})");
        await ExecuteAsync(connection, "create schema if not exists engagement");
        // Both extensions are "trusted" since PostgreSQL 13: the database owner may create them without superuser rights.
        // Where even that is refused (scripts/ensure-postgres.sh creates them as superuser), search works without them.
        await ExecuteAsync(connection, """
            do $$ begin
              begin create extension if not exists unaccent; exception when others then raise notice 'unaccent unavailable: %', sqlerrm; end;
              begin create extension if not exists pg_trgm; exception when others then raise notice 'pg_trgm unavailable: %', sqlerrm; end;
            end $$
            """);
        var unaccentSchema = await SchemaOfAsync(connection, "unaccent");
        var trigramSchema = await SchemaOfAsync(connection, "pg_trgm");

        try
        {
            await ExecuteAsync(connection, $"select '{language.Replace("'", "''")}'::regconfig");
        }
        catch (PostgresException e)
        {
            throw new InvalidOperationException($"{LanguageKey} = '{language}' is not a text search configuration of this database: {e.MessageText}", e);
        }

        // The two-argument unaccent with its dictionary named is stable in fact; wrapped as immutable so indexes may use it.
        var unaccent = unaccentSchema is null
            ? "select $1"
            : $"select \"{unaccentSchema}\".unaccent('\"{unaccentSchema}\".unaccent'::regdictionary, $1)";
        await ExecuteAsync(connection, $"create or replace function engagement.search_unaccent(text) returns text language sql immutable parallel safe strict as $f$ {unaccent} $f$");
        await ExecuteAsync(connection, $"""
            create table if not exists {Table} (
              source_id uuid primary key,
              kind text not null,
              parent_id uuid,
              group_id uuid,
              author_id uuid,
              title text not null default '',
              body text not null default '',
              context text,
              tags text[] not null default '{"{}"}',
              path text not null default '',
              accepted boolean not null default false,
              created_at timestamptz not null,
              changed_at timestamptz not null,
              removed boolean not null default false,
              document tsvector not null default ''::tsvector
            );
            create index if not exists search_entries_document on {Table} using gin (document) where not removed;
            create index if not exists search_entries_created on {Table} (created_at desc, source_id desc) where not removed;
            create index if not exists search_entries_tags on {Table} using gin (tags) where not removed;
            create index if not exists search_entries_parent on {Table} (parent_id) where parent_id is not null;
            create index if not exists search_entries_author on {Table} (author_id, kind) where not removed;
            """);
        if (trigramSchema is not null)
        {
            await ExecuteAsync(connection, $"""
                create index if not exists search_entries_names on {Table}
                  using gin (lower(engagement.search_unaccent(title)) "{trigramSchema}".gin_trgm_ops) where kind in ('member', 'group') and not removed
                """);
        }

        await transaction.CommitAsync();
        return new SearchSetup(language, unaccentSchema is not null, trigramSchema);
    }

    /// <summary>
    /// A row's weighted text (title A, tags B, body B, context D) over the columns <c>cfg</c> (the text search
    /// configuration), <c>title</c>, <c>tags</c>, <c>body</c> and <c>context</c>: the one definition of what is found how.
    /// </summary>
    internal const string WeightedDocument = """
        setweight(to_tsvector(cfg, engagement.search_unaccent(title)), 'A') ||
        setweight(to_tsvector(cfg, engagement.search_unaccent(array_to_string(tags, ' '))), 'B') ||
        setweight(to_tsvector(cfg, engagement.search_unaccent(body)), 'B') ||
        setweight(to_tsvector(cfg, engagement.search_unaccent(coalesce(context, ''))), 'D')
        """;

    /// <summary>Indexes or re-indexes one thing, unless the index already holds a newer state of it.</summary>
    public static void Upsert(IDocumentSession session, SearchSetup setup, SearchEntry entry) =>
        session.QueueSqlCommand($"""
            with t as (select ?::regconfig as cfg, ?::uuid as source_id, ?::text as kind, ?::uuid as parent_id, ?::uuid as group_id,
                              ?::uuid as author_id, ?::text as title, ?::text as body, ?::text as context, ?::text[] as tags, ?::text as path,
                              ?::boolean as accepted, ?::timestamptz as created_at, ?::timestamptz as changed_at)
            insert into {Table} as e (source_id, kind, parent_id, group_id, author_id, title, body, context, tags, path, accepted,
                                      created_at, changed_at, removed, document)
            select source_id, kind, parent_id, group_id, author_id, title, body, context, tags, path, accepted, created_at, changed_at, false,
                   {WeightedDocument}
            from t
            on conflict (source_id) do update set kind = excluded.kind, parent_id = excluded.parent_id, group_id = excluded.group_id,
              author_id = excluded.author_id, title = excluded.title, body = excluded.body, context = excluded.context, tags = excluded.tags,
              path = excluded.path, accepted = excluded.accepted, created_at = excluded.created_at, changed_at = excluded.changed_at,
              removed = false, document = excluded.document
            where e.changed_at <= excluded.changed_at
            """,
            setup.Language, entry.SourceId, entry.Kind, Nullable(entry.ParentId), Nullable(entry.GroupId), Nullable(entry.AuthorId),
            Clip(entry.Title, 1_000), Clip(entry.Body, 200_000), (object?)entry.Context ?? DBNull.Value,
            entry.Tags.Select(t => Clip(t, 100)).Take(50).ToArray(), entry.Path, entry.Accepted,
            entry.CreatedAt.ToUniversalTime(), entry.ChangedAt.ToUniversalTime());

    /// <summary>Nobody finds this thing any more (a tombstone keeps its time); with its children when asked.</summary>
    public static void Remove(IDocumentSession session, Guid sourceId, string kind, DateTimeOffset at, bool withChildren)
    {
        session.QueueSqlCommand($"""
            insert into {Table} as e (source_id, kind, created_at, changed_at, removed)
            values (?::uuid, ?::text, ?::timestamptz, ?::timestamptz, true)
            on conflict (source_id) do update set removed = true, document = ''::tsvector, changed_at = excluded.changed_at
            where e.changed_at <= excluded.changed_at
            """, sourceId, kind, at.ToUniversalTime(), at.ToUniversalTime());
        if (withChildren)
        {
            session.QueueSqlCommand($"update {Table} set removed = true, document = ''::tsvector where parent_id = ?::uuid and not removed", sourceId);
        }
    }

    /// <summary>Marks the accepted answer of a topic (and no other of its posts) for "find an expert".</summary>
    public static void Accept(IDocumentSession session, Guid topicId, Guid postId) =>
        session.QueueSqlCommand($"update {Table} set accepted = (source_id = ?::uuid) where parent_id = ?::uuid and kind = 'post'", postId, topicId);

    /// <summary>Empties the index for a rebuild from scratch; tombstones stay, so a late message cannot bring removed content back.</summary>
    public static void Clear(IDocumentSession session) => session.QueueSqlCommand($"delete from {Table} where not removed");

    private static object Nullable(Guid? id) => id is { } value ? value : DBNull.Value;

    private static string Clip(string? text, int length) => text is null ? "" : text.Length <= length ? text : text[..length];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> SchemaOfAsync(NpgsqlConnection connection, string extension)
    {
        await using var command = new NpgsqlCommand(
            "select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = @name", connection);
        command.Parameters.AddWithValue("name", extension);
        return await command.ExecuteScalarAsync() as string;
    }
}

/// <summary>One row of the index, as handlers write it. <see cref="Kind"/> is the API's kebab-case kind name.</summary>
internal sealed record SearchEntry(Guid SourceId, string Kind, Guid? ParentId, Guid? GroupId, Guid? AuthorId, string Title, string Body,
    string? Context, IReadOnlyList<string> Tags, string Path, bool Accepted, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);
