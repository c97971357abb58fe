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
/// Pages are filled after filtering and their cursors point at the last visible item (issue 18, item 3).
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
            var groups = new Dictionary<Guid, GroupFacts>();
            // Filled after filtering (issue 18): a page holds `limit` visible items whenever that many remain, so neither
            // its size nor its cursor (the last visible item's position) says how many hidden items lay in between.
            var (visible, more) = await FillAsync(limit, after, async (position, take) =>
            {
                var items = session.Query<ActivityItem>().Where(i => i.ActorId == person.Id && !i.Hidden);
                if (position is not null)
                {
                    items = items.Where(i => i.Key.CompareTo(position) < 0);
                }

                var batch = await items.OrderByDescending(i => i.Key).Take(take).ToListAsync(cancellationToken);
                await AddGroupsAsync(session, batch, groups, cancellationToken);
                return batch.Select(i => (i.Key, Visible([i], groups, readersGroups).Any() ? i : null)).ToList();
            });
            var people = new Dictionary<Guid, MemberFacts> { [person.Id] = person };
            return new CursorPage<ActivityView>(visible.Select(i => ViewOf(i, people, GroupOf(i, groups))).ToList(),
                more ? Cursor.Encode(visible[^1].Key, visible[^1].Id) : null);
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
            var groups = new Dictionary<Guid, GroupFacts>();
            // The entries (one index range), then their items by id. Not Marten's Include: it builds a temporary table per
            // query, which made the feed ten times costlier than this second lookup (docs/performance.md). Filled after
            // filtering, like the member stream: no empty or short page while visible entries remain.
            var (visible, more) = await FillAsync(limit, after, async (position, take) =>
            {
                var entries = session.Query<FeedEntry>().Where(e => e.MemberId == memberId);
                if (position is not null)
                {
                    entries = entries.Where(e => e.Key.CompareTo(position) < 0);
                }

                var batch = await entries.OrderByDescending(e => e.Key).Take(take).ToListAsync(cancellationToken);
                var byId = (await session.LoadManyAsync<ActivityItem>(cancellationToken, batch.Select(e => e.ItemId).Distinct().ToArray()))
                    .ToDictionary(i => i.Id);
                await AddGroupsAsync(session, byId.Values, groups, cancellationToken);
                return batch.Select(e => (e.Key, byId.GetValueOrDefault(e.ItemId) is { Hidden: false } item && Visible([item], groups, readersGroups).Any()
                    ? new Entry(e.Key, item)
                    : null)).ToList();
            });
            var items = visible.Select(e => e.Item).ToList();
            var people = await PeopleAsync(session, items, cancellationToken);
            return new CursorPage<ActivityView>(items.Select(i => ViewOf(i, people, GroupOf(i, groups))).ToList(),
                more ? Cursor.Encode(visible[^1].Key, visible[^1].Item.Id) : null);
        }
    }

    private sealed record Entry(string Key, ActivityItem Item);

    /// <summary>Most rows one page reads while skipping what the reader may not see; then it ends early with a cursor.</summary>
    private const int MaxRowsScanned = 2000;

    /// <summary>
    /// Reads rows newest first from <paramref name="after"/> in batches until <paramref name="limit"/> visible ones are
    /// found plus one that proves a next page exists, or the rows end. <paramref name="fetch"/> returns each row's key and
    /// the row when visible (null when not). The page's cursor is taken from its last visible row only.
    /// </summary>
    private static async Task<(List<T> Visible, bool More)> FillAsync<T>(int limit, string? after,
        Func<string?, int, Task<List<(string Key, T? Row)>>> fetch) where T : class
    {
        var visible = new List<T>();
        var position = after;
        var scanned = 0;
        var take = limit + 1;
        while (visible.Count <= limit && scanned < MaxRowsScanned)
        {
            var batch = await fetch(position, take);
            scanned += batch.Count;
            visible.AddRange(batch.Select(b => b.Row).OfType<T>());
            if (batch.Count < take)
            {
                return visible.Count > limit ? (visible.Take(limit).ToList(), true) : (visible, false);
            }

            position = batch[^1].Key;
            take = Math.Min(take * 2, 500); // mostly hidden rows: larger batches, fewer round trips
        }

        // Either a full page and one more (a next page exists), or the scan limit: the next page starts after the last
        // visible row, so it rescans the hidden ones rather than revealing where they are.
        return visible.Count > limit ? (visible.Take(limit).ToList(), true) : (visible, visible.Count > 0);
    }

    private static async Task AddGroupsAsync(IQuerySession session, IEnumerable<ActivityItem> items, Dictionary<Guid, GroupFacts> groups,
        CancellationToken cancellationToken)
    {
        var missing = items.Select(i => i.GroupId).OfType<Guid>().Where(id => !groups.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
        {
            foreach (var group in await session.LoadManyAsync<GroupFacts>(cancellationToken, missing))
            {
                groups[group.Id] = group;
            }
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
        ActivityVerb.WrotePage => "wrote-page",
        ActivityVerb.EditedPage => "edited-page",
        ActivityVerb.PublishedPost => "published-post",
        ActivityVerb.CommentedOnPost => "commented-on-post",
        ActivityVerb.AddedResource => "added-resource",
        ActivityVerb.VettedResource => "vetted-resource",
        ActivityVerb.ScheduledEvent => "scheduled-event",
        ActivityVerb.GoingToEvent => "going-to-event",
        ActivityVerb.AttendedEvent => "attended-event",
        ActivityVerb.ProposedSessionTopic => "proposed-session-topic",
        ActivityVerb.Announced => "announced",
        _ => verb.ToString().ToLowerInvariant(),
    };

    public static string Phrase(string verb) => verb switch
    {
        "started-topic" => "started",
        "replied" => "replied to",
        "accepted-answer" => "accepted an answer in",
        "joined-group" => "joined",
        "wrote-page" => "wrote the wiki page",
        "edited-page" => "edited the wiki page",
        "published-post" => "published the blog post",
        "commented-on-post" => "commented on",
        "added-resource" => "added the resource",
        "vetted-resource" => "vetted the resource",
        "scheduled-event" => "scheduled",
        "going-to-event" => "is going to",
        "attended-event" => "was at",
        "proposed-session-topic" => "proposed the session topic",
        "announced" => "announced",
        _ => verb,
    };
}
