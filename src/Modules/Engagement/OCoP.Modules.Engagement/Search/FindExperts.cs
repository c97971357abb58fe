using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Search;

/// <summary>A member who knows about a topic: their profile matches it, or they wrote accepted answers that match it.</summary>
internal sealed record Expert(Guid MemberId, string Name, string Path, bool ProfileMatches, int AcceptedAnswers, double Score);

/// <summary>
/// "Find an expert" (docs/search.md): members whose profile (expertise, interests) matches the words, and members whose
/// accepted answers match them, counted only in groups the searcher may read. Signed-in members only, like the directory.
/// </summary>
internal static class FindExperts
{
    private const int MaxExperts = 50;

    internal sealed record Query(string? Q, string? Cursor, int? Limit) : IRequest<CursorPage<Expert>>;

    internal sealed class Handler(IEngagementStore store, CurrentMember me, IConfiguration configuration) : IRequestHandler<Query, CursorPage<Expert>>
    {
        public async Task<CursorPage<Expert>> Handle(Query query, CancellationToken cancellationToken)
        {
            var q = query.Q?.Trim() ?? "";
            if (q.Length is 0 or > SearchQueryText.MaxLength)
            {
                throw ProblemException.Invalid("q", $"Name a topic in 1 to {SearchQueryText.MaxLength} characters.");
            }

            var text = SearchQueryText.Parse(q);
            var setup = await SearchIndex.EnsureAsync(store, configuration);
            await using var session = store.QuerySession();
            var audience = await SearchAudience.OfAsync(session, me, cancellationToken);
            var sql = $"""
                with q as (select query, numnode(query) as nodes from (select {SearchContent.TsQuery(text)} as query) x),
                answers as (
                  select e.author_id as member_id, count(*)::int as answers, sum(ts_rank(e.document, q.query)) as score
                  from {SearchIndex.Table} e, q
                  where q.nodes > 0 and not e.removed and e.accepted and e.document @@ q.query and e.author_id is not null
                    and (e.group_id is null or e.group_id = any(@readable))
                  group by e.author_id),
                profiles as (
                  select e.source_id as member_id, ts_rank(e.document, q.query) as score
                  from {SearchIndex.Table} e, q
                  where q.nodes > 0 and not e.removed and e.kind = 'member' and e.document @@ q.query)
                select coalesce(a.member_id, p.member_id), p.member_id is not null, coalesce(a.answers, 0),
                       (coalesce(a.score, 0) + coalesce(a.answers, 0) + 2 * coalesce(p.score, 0))::float8 as score
                from answers a full join profiles p on p.member_id = a.member_id
                order by score desc, 1
                limit {MaxExperts * 2}
                """;
            var found = new List<(Guid Id, bool Profile, int Answers, double Score)>();
            await using (var connection = store.Storage.Database.CreateConnection())
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(sql, connection);
                SearchContent.AddQueryParameters(command, setup, text);
                command.Parameters.AddWithValue("readable", audience.Readable);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add((reader.GetGuid(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetDouble(3)));
                }
            }

            var people = found.Count == 0
                ? new Dictionary<Guid, MemberFacts>()
                : (await session.LoadManyAsync<MemberFacts>(cancellationToken, found.Select(f => f.Id).ToArray())).ToDictionary(m => m.Id);
            var experts = found.Where(f => people.TryGetValue(f.Id, out var person) && !person.Deleted).Take(MaxExperts)
                .Select(f => new Expert(f.Id, people[f.Id].Name, $"/members/{f.Id}", f.Profile, f.Answers, f.Score)).ToList();
            return CursorPage.Of(experts, query.Cursor, query.Limit);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/search/experts", (string? q, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(q, cursor, limit), cancellationToken))
                .WithSummary("Find an expert: members whose profile or accepted answers match the words, best first (signed-in members).")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
