using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using NpgsqlTypes;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Search;

/// <summary>One thing found: what it is, where it links, and a snippet whose only markup is <c>&lt;mark&gt;</c>.</summary>
internal sealed record SearchResult(string Kind, Guid Id, string Title, string? Context, string Snippet, string Path, Guid? GroupId,
    string? GroupName, Guid? AuthorId, string? AuthorName, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, double Rank);

/// <summary>
/// Search across the community (docs/search.md): PostgreSQL full-text search over the index (weights, <c>unaccent</c>,
/// <c>websearch_to_tsquery</c> with prefix terms, <c>ts_headline</c> snippets), trigram matching for people and groups,
/// filters, relevance or date order, keyset paging. What the searcher may not read is never in the page: the groups
/// they may read are decided with the shared rule before the query, and hidden or deleted content is not in the index.
/// </summary>
internal static class SearchContent
{
    internal sealed record Query(string? Q, string? Kind, Guid? GroupId, Guid? AuthorId, string? Tag, DateTimeOffset? From, DateTimeOffset? To,
        string? Sort, string? Cursor, int? Limit) : IRequest<CursorPage<SearchResult>>;

    internal sealed class Handler(IEngagementStore store, CurrentMember me, IConfiguration configuration) : IRequestHandler<Query, CursorPage<SearchResult>>
    {
        public async Task<CursorPage<SearchResult>> Handle(Query query, CancellationToken cancellationToken)
        {
            var request = SearchRequest.Of(query);
            var setup = await SearchIndex.EnsureAsync(store, configuration);
            await using var session = store.QuerySession();
            var audience = await SearchAudience.OfAsync(session, me, cancellationToken);
            var limit = Cursor.Limit(query.Limit);
            var rows = await ReadAsync(store, setup, request, audience, limit + 1, cancellationToken);
            var page = Cursor.Page(rows, limit, r => (request.CursorKey(r.Rank, r.CreatedAt), r.Id));
            var names = await NamesAsync(session, page.Items, cancellationToken);
            return new CursorPage<SearchResult>(page.Items.Select(r => r with
            {
                GroupName = r.GroupId is { } g && audience.Groups.TryGetValue(g, out var group) ? group.Name : null,
                AuthorName = r.AuthorId is { } a && r.Kind != SearchKinds.Member ? MemberFacts.NameOf(names.GetValueOrDefault(a)) : null,
            }).ToList(), page.NextCursor);
        }

        private static async Task<IReadOnlyDictionary<Guid, MemberFacts>> NamesAsync(IQuerySession session, IEnumerable<SearchResult> results,
            CancellationToken cancellationToken)
        {
            var ids = results.Select(r => r.AuthorId).OfType<Guid>().Distinct().ToArray();
            return ids.Length == 0 ? new Dictionary<Guid, MemberFacts>() : (await session.LoadManyAsync<MemberFacts>(cancellationToken, ids)).ToDictionary(m => m.Id);
        }
    }

    /// <summary>
    /// Relevance order ranks this many of the newest text matches (and every matching name): enough for any page a person
    /// reads, and a common word costs this many rows instead of every post that has it. Older matches are found by date
    /// order or by narrowing the search (group, author, tag, dates).
    /// </summary>
    internal const int RankedMatches = 1000;

    /// <summary>The tsquery of a request: the web-search part and each prefix term, AND-ed; empty when only stop words or punctuation.</summary>
    internal static string TsQuery(SearchQueryText text) =>
        string.Join(" && ", new[] { "websearch_to_tsquery(@cfg::regconfig, engagement.search_unaccent(@web))" }
            .Concat(text.Prefixes.Select((_, i) => $"to_tsquery(@cfg::regconfig, engagement.search_unaccent(@prefix{i}) || ':*')")));

    internal static void AddQueryParameters(NpgsqlCommand command, SearchSetup setup, SearchQueryText text)
    {
        command.Parameters.AddWithValue("cfg", setup.Language);
        command.Parameters.AddWithValue("web", text.Web);
        for (var i = 0; i < text.Prefixes.Count; i++)
        {
            command.Parameters.AddWithValue($"prefix{i}", text.Prefixes[i]);
        }
    }

    private static async Task<List<SearchResult>> ReadAsync(IEngagementStore store, SearchSetup setup, SearchRequest request, SearchAudience audience,
        int take, CancellationToken cancellationToken)
    {
        var names = setup.TrigramSchema is { } trgm && request.Text.Names is not null;
        var nameMatch = names ? $"(e.kind in ('member', 'group') and @names operator(\"{setup.TrigramSchema}\".<%) lower(engagement.search_unaccent(e.title)))" : "false";
        // A name that only looks like the words (a typo) ranks below every full-text match.
        var nameRank = names ? $"case when e.kind in ('member', 'group') then 0.01 * \"{setup.TrigramSchema}\".word_similarity(@names, lower(engagement.search_unaccent(e.title))) else 0 end" : "0";
        var (order, after) = request.ByDate
            ? ("created_at desc, source_id desc", "(@afterDate::timestamptz is null or (created_at, source_id) < (@afterDate, @afterId))")
            : ("rank desc, source_id desc", "(@afterRank::real is null or rank < @afterRank or (rank = @afterRank and source_id < @afterId))");
        var filters = """
            not e.removed
                and e.kind = any(@kinds)
                and ((e.kind = 'member' and @signedIn)
                     or (e.kind = 'group' and e.group_id = any(@visible))
                     or (e.kind not in ('member', 'group') and (e.group_id is null or e.group_id = any(@readable))))
                and (@groupId::uuid is null or e.group_id = @groupId)
                and (@authorId::uuid is null or e.author_id = @authorId)
                and (@tag::text is null or e.tags @> array[@tag::text])
                and (@from::timestamptz is null or e.created_at >= @from)
                and (@to::timestamptz is null or e.created_at < @to)
            """;
        // The text matches are taken newest first: by date, one page after the cursor; by relevance, the newest
        // RankedMatches, ranked. The tsquery is written out (not joined from q) so that the planner sees it and walks the
        // date index for a common word instead of reading every match (docs/adr/0076).
        var sql = $"""
            with q as (select query, numnode(query) as nodes from (select {TsQuery(request.Text)} as query) x),
            matched as (
              select e.source_id from {SearchIndex.Table} e
              where (select nodes from q) > 0 and e.document @@ ({TsQuery(request.Text)})
                and {filters}
                and {(request.ByDate ? after : "true")}
              order by e.created_at desc, e.source_id desc
              limit {(request.ByDate ? "@take" : RankedMatches.ToString(CultureInfo.InvariantCulture))}),
            named as (
              select e.source_id from {SearchIndex.Table} e
              where {nameMatch} and {filters}),
            hits as (
              select e.source_id, e.kind, e.group_id, e.author_id, e.title, e.context, e.path, e.tags, e.created_at, e.body,
                     greatest(case when q.nodes > 0 and e.document @@ q.query then ts_rank(e.document, q.query) else 0 end, {nameRank})::real as rank
              from {SearchIndex.Table} e, q
              where e.source_id in (select source_id from matched union select source_id from named))
            select h.source_id, h.kind, h.group_id, h.author_id, h.title, h.context, h.path, h.tags, h.created_at, h.rank,
                   ts_headline(@cfg::regconfig, h.body, q.query, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
            from (select * from hits where {after} order by {order} limit @take) h, q
            order by {order}
            """;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        AddQueryParameters(command, setup, request.Text);
        if (names)
        {
            command.Parameters.AddWithValue("names", request.Text.Names!);
        }

        command.Parameters.AddWithValue("kinds", request.Kinds);
        command.Parameters.AddWithValue("signedIn", audience.SignedIn);
        command.Parameters.AddWithValue("visible", audience.Visible);
        command.Parameters.AddWithValue("readable", audience.Readable);
        command.Parameters.Add(Optional("groupId", NpgsqlDbType.Uuid, request.GroupId));
        command.Parameters.Add(Optional("authorId", NpgsqlDbType.Uuid, request.AuthorId));
        command.Parameters.Add(Optional("tag", NpgsqlDbType.Text, request.Tag));
        command.Parameters.Add(Optional("from", NpgsqlDbType.TimestampTz, request.From?.ToUniversalTime()));
        command.Parameters.Add(Optional("to", NpgsqlDbType.TimestampTz, request.To?.ToUniversalTime()));
        command.Parameters.Add(Optional("afterDate", NpgsqlDbType.TimestampTz, request.AfterDate));
        command.Parameters.Add(Optional("afterRank", NpgsqlDbType.Real, request.AfterRank));
        command.Parameters.Add(Optional("afterId", NpgsqlDbType.Uuid, request.AfterId));
        command.Parameters.AddWithValue("take", take);

        var results = new List<SearchResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(1);
            results.Add(new SearchResult(kind, reader.GetGuid(0), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                Snippet(reader.IsDBNull(10) ? "" : reader.GetString(10)), reader.GetString(6), reader.IsDBNull(2) ? null : reader.GetGuid(2), null,
                reader.IsDBNull(3) ? null : reader.GetGuid(3), null, reader.GetFieldValue<string[]>(7),
                new DateTimeOffset(reader.GetDateTime(8), TimeSpan.Zero), reader.GetFloat(9)));
        }

        return results;
    }

    private static NpgsqlParameter Optional(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    /// <summary>The headline's text HTML-encoded, its match markers (control characters) turned into balanced <c>&lt;mark&gt;</c> elements.</summary>
    internal static string Snippet(string headline)
    {
        var html = new StringBuilder(headline.Length + 32);
        var text = new StringBuilder();
        var open = false;
        foreach (var c in headline)
        {
            if (c is '\u0002' or '\u0003')
            {
                html.Append(WebUtility.HtmlEncode(text.ToString()));
                text.Clear();
                if (c == '\u0002' && !open)
                {
                    html.Append("<mark>");
                    open = true;
                }
                else if (c == '\u0003' && open)
                {
                    html.Append("</mark>");
                    open = false;
                }

                continue;
            }

            text.Append(c);
        }

        html.Append(WebUtility.HtmlEncode(text.ToString()));
        return open ? html.Append("</mark>").ToString() : html.ToString();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/search", (string? q, string? kind, Guid? groupId, Guid? authorId, string? tag, DateTimeOffset? from,
                    DateTimeOffset? to, string? sort, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(q, kind, groupId, authorId, tag, from, to, sort, cursor, limit), cancellationToken))
                .WithSummary("Search posts, topics, people, groups (and what other modules publish): relevance or date order, keyset cursor. " +
                             "Only what the caller may read; kind is one kind, or several separated by commas.")
                .WithAllowedValues("kind", SearchKinds.All)
                .WithAllowedValues("sort", ["relevance", "date"]);
    }
}

/// <summary>A search request checked and normalised: 400 naming the field for anything it cannot use, before any query.</summary>
internal sealed record SearchRequest(SearchQueryText Text, string[] Kinds, Guid? GroupId, Guid? AuthorId, string? Tag, DateTimeOffset? From,
    DateTimeOffset? To, bool ByDate, string Fingerprint, float? AfterRank, DateTime? AfterDate, Guid? AfterId)
{
    public static SearchRequest Of(SearchContent.Query query)
    {
        var q = query.Q?.Trim() ?? "";
        if (q.Length == 0)
        {
            throw ProblemException.Invalid("q", "Type what to search for.");
        }

        if (q.Length > SearchQueryText.MaxLength)
        {
            throw ProblemException.Invalid("q", $"A search is at most {SearchQueryText.MaxLength} characters.");
        }

        var kinds = string.IsNullOrWhiteSpace(query.Kind)
            ? SearchKinds.All.ToArray()
            : query.Kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant()).Distinct().ToArray();
        if (kinds.Length == 0 || kinds.Any(k => !SearchKinds.All.Contains(k)))
        {
            throw ProblemException.Invalid("kind", $"Kinds are {string.Join(", ", SearchKinds.All)}.");
        }

        var byDate = (query.Sort?.Trim().ToLowerInvariant() ?? "relevance") switch
        {
            "relevance" => false,
            "date" => true,
            _ => throw ProblemException.Invalid("sort", "Sort by relevance or date."),
        };
        var tag = query.Tag?.Trim().ToLowerInvariant();
        if (tag is { Length: > 100 })
        {
            throw ProblemException.Invalid("tag", "A tag is at most 100 characters.");
        }

        if (query.From is { } from && query.To is { } to && from > to)
        {
            throw ProblemException.Invalid("to", "The end of the date range comes after its start.");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', q, string.Join(',', kinds.Order()),
            query.GroupId, query.AuthorId, tag, query.From?.UtcTicks, query.To?.UtcTicks, byDate))))[..12];
        var request = new SearchRequest(SearchQueryText.Parse(q), kinds, query.GroupId, query.AuthorId, string.IsNullOrEmpty(tag) ? null : tag,
            query.From, query.To, byDate, fingerprint, null, null, null);
        return query.Cursor is null ? request : request.After(query.Cursor);
    }

    /// <summary>The cursor's sort key: this search's fingerprint, then the last row's rank or date.</summary>
    public string CursorKey(double rank, DateTimeOffset createdAt) =>
        $"{Fingerprint}|{(ByDate ? createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture) : ((float)rank).ToString("R", CultureInfo.InvariantCulture))}";

    private SearchRequest After(string cursor)
    {
        if (!Cursor.TryDecode(cursor, out var key, out var id) || key.Split('|') is not [var fingerprint, var value])
        {
            throw ProblemException.Invalid("cursor", "This cursor is not one we gave out.");
        }

        if (fingerprint != Fingerprint)
        {
            throw ProblemException.Invalid("cursor", "This cursor belongs to another search: start again without it.");
        }

        if (ByDate && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999)
        {
            return this with { AfterDate = new DateTime(ticks, DateTimeKind.Utc), AfterId = id };
        }

        if (!ByDate && float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank))
        {
            return this with { AfterRank = rank, AfterId = id };
        }

        throw ProblemException.Invalid("cursor", "This cursor is not one we gave out.");
    }
}
