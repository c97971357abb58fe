using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>One item as streams show it: who did what, where, with a link to it.</summary>
internal sealed record ActivityView(Guid Id, string Verb, Guid ActorId, string ActorName, Guid? GroupId, string? GroupName, string? GroupSlug,
    string Title, string? Excerpt, string Path, DateTimeOffset At);

/// <summary>
/// The three activity streams: a group's, a member's, and the signed-in member's home feed. All newest first, keyset
/// paged, each a constant number of queries whatever the page size or depth. Visibility is decided now, by the group
/// (<see cref="GroupReaders"/>, the shared rule of docs/adr/0010): what came from a members-only or secret group reaches only its members of today.
/// A page may hold fewer items than asked when some are no longer visible; its cursor still continues after them.
/// </summary>
internal static class Streams
{
    internal sealed record GroupQuery(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<ActivityView>>;

    internal sealed record MemberQuery(Guid MemberId, string? Cursor, int? Limit) : IRequest<CursorPage<ActivityView>>;

    internal sealed record FeedQuery(string? Cursor, int? Limit) : IRequest<CursorPage<ActivityView>>;

    internal sealed class GroupHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GroupQuery, CursorPage<ActivityView>>
    {
        public async Task<CursorPage<ActivityView>> Handle(GroupQuery query, CancellationToken cancellationToken)
        {
            var after = After(query.Cursor);
            var limit = Cursor.Limit(query.Limit);
            await using var session = store.QuerySession();
            // The shared rule (docs/adr/0010): 404 when secret to the reader, 401/403 for a members-only group's outsiders.
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var group = new GroupFacts { Id = viewer.GroupId, Slug = viewer.Slug, Name = viewer.Name, Visibility = viewer.Visibility, Status = viewer.Status };

            var items = session.Query<ActivityItem>().Where(i => i.GroupId == group.Id && !i.Hidden);
            if (after is not null)
            {
                items = items.Where(i => i.Key.CompareTo(after) < 0);
            }

            var fetched = await items.OrderByDescending(i => i.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, i => (i.Key, i.Id));
            var people = await PeopleAsync(session, page.Items, cancellationToken);
            return new CursorPage<ActivityView>(page.Items.Select(i => ViewOf(i, people, group)).ToList(), page.NextCursor);
        }
    }

    internal sealed class MemberHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<MemberQuery, CursorPage<ActivityView>>
    {
        public async Task<CursorPage<ActivityView>> Handle(MemberQuery query, CancellationToken cancellationToken)
        {
            var after = After(query.Cursor);
            var limit = Cursor.Limit(query.Limit);
            await using var session = store.QuerySession();
            var person = await session.LoadAsync<MemberFacts>(query.MemberId, cancellationToken) ?? throw ProblemException.NotFound("The member");
            var readersGroups = await GroupReaders.GroupsOfAsync(session, me.IsAuthenticated ? me.Id : null, cancellationToken);
            var items = session.Query<ActivityItem>().Where(i => i.ActorId == person.Id && !i.Hidden);
            if (after is not null)
            {
                items = items.Where(i => i.Key.CompareTo(after) < 0);
            }

            var fetched = await items.OrderByDescending(i => i.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, i => (i.Key, i.Id));
            var groups = await GroupsAsync(session, page.Items, cancellationToken);
            var people = new Dictionary<Guid, MemberFacts> { [person.Id] = person };
            return new CursorPage<ActivityView>(Visible(page.Items, groups, readersGroups).Select(i => ViewOf(i, people, GroupOf(i, groups))).ToList(),
                page.NextCursor);
        }
    }

    internal sealed class FeedHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<FeedQuery, CursorPage<ActivityView>>
    {
        public async Task<CursorPage<ActivityView>> Handle(FeedQuery query, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            var after = After(query.Cursor);
            var limit = Cursor.Limit(query.Limit);
            await using var session = store.QuerySession();
            var readersGroups = await GroupReaders.GroupsOfAsync(session, memberId, cancellationToken);
            // The entries (one index range), then their items by id. Not Marten's Include: it builds a temporary table per
            // query, which made the feed ten times costlier than this second lookup (docs/performance.md).
            var entries = session.Query<FeedEntry>().Where(e => e.MemberId == memberId);
            if (after is not null)
            {
                entries = entries.Where(e => e.Key.CompareTo(after) < 0);
            }

            var fetched = await entries.OrderByDescending(e => e.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, e => (e.Key, e.ItemId));
            var byId = (await session.LoadManyAsync<ActivityItem>(cancellationToken, page.Items.Select(e => e.ItemId).Distinct().ToArray()))
                .ToDictionary(i => i.Id);
            var items = page.Items.Select(e => byId.GetValueOrDefault(e.ItemId)).OfType<ActivityItem>().Where(i => !i.Hidden).ToList();
            var groups = await GroupsAsync(session, items, cancellationToken);
            var visible = Visible(items, groups, readersGroups).ToList();
            var people = await PeopleAsync(session, visible, cancellationToken);
            return new CursorPage<ActivityView>(visible.Select(i => ViewOf(i, people, GroupOf(i, groups))).ToList(), page.NextCursor);
        }
    }

    private static string? After(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        return Cursor.TryDecode(cursor, out var key, out _) ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we gave out.");
    }

    private static IEnumerable<ActivityItem> Visible(IEnumerable<ActivityItem> items, IReadOnlyDictionary<Guid, GroupFacts> groups,
        IReadOnlySet<Guid> readersGroups) =>
        items.Where(i => i.GroupId is not { } id || (groups.TryGetValue(id, out var group) && GroupReaders.CanRead(group, readersGroups)));

    private static GroupFacts? GroupOf(ActivityItem item, IReadOnlyDictionary<Guid, GroupFacts> groups) =>
        item.GroupId is { } id ? groups.GetValueOrDefault(id) : null;

    private static async Task<IReadOnlyDictionary<Guid, GroupFacts>> GroupsAsync(IQuerySession session, IEnumerable<ActivityItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.GroupId).OfType<Guid>().Distinct().ToArray();
        return ids.Length == 0 ? new Dictionary<Guid, GroupFacts>() : (await session.LoadManyAsync<GroupFacts>(cancellationToken, ids)).ToDictionary(g => g.Id);
    }

    private static async Task<IReadOnlyDictionary<Guid, MemberFacts>> PeopleAsync(IQuerySession session, IEnumerable<ActivityItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.ActorId).Distinct().ToArray();
        return ids.Length == 0 ? new Dictionary<Guid, MemberFacts>() : (await session.LoadManyAsync<MemberFacts>(cancellationToken, ids)).ToDictionary(p => p.Id);
    }

    private static ActivityView ViewOf(ActivityItem item, IReadOnlyDictionary<Guid, MemberFacts> people, GroupFacts? group) =>
        new(item.Id, Verbs.Of(item.Verb), item.ActorId, people.GetValueOrDefault(item.ActorId)?.DisplayName ?? MemberNames.FormerMember, item.GroupId,
            group?.Name, group?.Slug, item.Title, item.Excerpt, item.Path, item.At);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/groups/{groupId:guid}/activity", (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new GroupQuery(groupId, cursor, limit), cancellationToken))
                .WithSummary("A group's activity, newest first (keyset cursor); members only unless the group is public.");
            app.MapGet("/api/engagement/members/{memberId:guid}/activity", (Guid memberId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new MemberQuery(memberId, cursor, limit), cancellationToken))
                .WithSummary("A member's activity, newest first, less what came from groups the reader cannot see.");
            app.MapGet("/api/engagement/feed", (string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new FeedQuery(cursor, limit), cancellationToken))
                .WithSummary("My home feed: what the members, groups, topics and tags I follow did, newest first (keyset cursor).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>How verbs read, in the API (a stable word) and on pages (a phrase).</summary>
internal static class Verbs
{
    public static string Of(ActivityVerb verb) => verb switch
    {
        ActivityVerb.StartedTopic => "started-topic",
        ActivityVerb.Replied => "replied",
        ActivityVerb.AnswerAccepted => "accepted-answer",
        ActivityVerb.JoinedGroup => "joined-group",
        _ => verb.ToString().ToLowerInvariant(),
    };

    public static string Phrase(string verb) => verb switch
    {
        "started-topic" => "started",
        "replied" => "replied to",
        "accepted-answer" => "accepted an answer in",
        "joined-group" => "joined",
        _ => verb,
    };
}
