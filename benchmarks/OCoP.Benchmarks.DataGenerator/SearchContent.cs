using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using OCoP.Modules.Discussions.Search;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Search;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// The search index of the generated community, as Engagement's search handlers would have written it from the events
/// (docs/search.md): the rows come from the modules' own rules (<see cref="DiscussionsSearchFeed"/> for topics and
/// replies, <see cref="SearchIndexHandler.GroupEntry"/> for groups, <see cref="SearchProfile.ToEntry"/> for people) and
/// the weighted text from <see cref="SearchIndex.WeightedDocument"/>. Rows are copied in bulk into a staging table and
/// inserted from there with their text vectors, a batch at a time, instead of one statement per row.
/// </summary>
internal static class SearchContent
{
    public static Task<SearchSetup> EnsureAsync(IEngagementStore engagement, IConfiguration configuration) =>
        SearchIndex.EnsureAsync(engagement, configuration);

    /// <summary>People (with the profiles search keeps to rebuild the index) and groups.</summary>
    public static async Task<int> WritePeopleAndGroupsAsync(CommunityPlan plan, IEngagementStore engagement, SearchSetup setup,
        CancellationToken cancellationToken)
    {
        var profiles = plan.Members.Select(m => new SearchProfile
        {
            Id = m.Id, DisplayName = m.Name, Expertise = [.. m.Expertise], Interests = [.. m.Interests], RegisteredAt = m.RegisteredAt,
            ChangedAt = m.RegisteredAt,
        }).ToList();
        await engagement.BulkInsertAsync(profiles, BulkInsertMode.InsertsOnly, 5_000, cancellationToken);
        var groups = plan.Groups.Select(g => SearchIndexHandler.GroupEntry(g.Id, g.Name, g.Slug, g.CreatedAt));
        return await WriteAsync(engagement, setup, [.. profiles.Select(p => p.ToEntry()), .. groups], cancellationToken);
    }

    /// <summary>A batch of topics: each topic (title and opening post) and each reply (its text, the topic's title as context).</summary>
    public static Task<int> WriteTopicsAsync(CommunityPlan plan, IEngagementStore engagement, SearchSetup setup, IEnumerable<TopicContent> topics,
        CancellationToken cancellationToken) =>
        WriteAsync(engagement, setup,
            [.. topics.SelectMany(t => t.Posts.Select(p =>
                SearchIndexHandler.EntryOf(DiscussionsSearchFeed.Changed(t.Topic, p, plan.Groups[t.Plan.Group].Slug, p.CreatedAt))))],
            cancellationToken);

    private static async Task<int> WriteAsync(IEngagementStore engagement, SearchSetup setup, IReadOnlyList<SearchEntry> entries,
        CancellationToken cancellationToken)
    {
        await using var connection = engagement.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
                         "create temp table search_staging (source_id uuid, kind text, parent_id uuid, group_id uuid, author_id uuid, title text, " +
                         "body text, context text, tags text[], path text, accepted boolean, created_at timestamptz) on commit drop", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         "copy search_staging (source_id, kind, parent_id, group_id, author_id, title, body, context, tags, path, accepted, created_at) " +
                         "from stdin (format binary)", cancellationToken))
        {
            foreach (var entry in entries)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(entry.SourceId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(entry.Kind, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.ParentId, cancellationToken);
                await WriteNullableAsync(copy, entry.GroupId, cancellationToken);
                await WriteNullableAsync(copy, entry.AuthorId, cancellationToken);
                await copy.WriteAsync(entry.Title, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Body, NpgsqlDbType.Text, cancellationToken);
                if (entry.Context is { } context)
                {
                    await copy.WriteAsync(context, NpgsqlDbType.Text, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }

                await copy.WriteAsync(entry.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Path, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Accepted, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(entry.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
                         $"""
                          insert into {SearchIndex.Table} (source_id, kind, parent_id, group_id, author_id, title, body, context, tags, path, accepted,
                                                           created_at, changed_at, removed, document)
                          select source_id, kind, parent_id, group_id, author_id, title, body, context, tags, path, accepted, created_at, created_at, false,
                                 {SearchIndex.WeightedDocument}
                          from search_staging, (select @language::regconfig as cfg) c
                          on conflict (source_id) do nothing
                          """, connection, transaction))
        {
            insert.Parameters.AddWithValue("language", setup.Language);
            insert.CommandTimeout = 0; // a batch of 20,000 posts' text vectors takes a while on a busy machine
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return entries.Count;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, Guid? value, CancellationToken cancellationToken)
    {
        if (value is { } id)
        {
            await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
        }
        else
        {
            await copy.WriteNullAsync(cancellationToken);
        }
    }
}
