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

namespace OCoP.Modules.Engagement.Notifications;

/// <summary>A notification as the member sees it.</summary>
internal sealed record NotificationView(Guid Id, string Kind, string Title, string Path, string? Excerpt, IReadOnlyList<string> ActorNames, int Count,
    bool Unread, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The signed-in member's notifications: newest first (keyset paged on <see cref="Notification.UpdatedAt"/>), the unread
/// count, marking one or all read, and opening one (marked read, then its link). What came from a group the member can
/// no longer read (they left a members-only or secret group) is skipped when read, and not counted.
/// </summary>
internal static class Inbox
{
    internal sealed record ListQuery(bool Unread, string? Cursor, int? Limit) : IRequest<CursorPage<NotificationView>>;

    internal sealed record CountQuery : IRequest<UnreadCount>;

    internal sealed record UnreadCount(int Unread);

    internal sealed record MarkRead(Guid Id) : IRequest<NotificationView>;

    internal sealed record MarkAllRead : IRequest<UnreadCount>;

    internal sealed class ListHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<ListQuery, CursorPage<NotificationView>>
    {
        public async Task<CursorPage<NotificationView>> Handle(ListQuery query, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            DateTimeOffset? before = null;
            Guid beforeId = default;
            if (query.Cursor is not null)
            {
                if (!Cursor.TryDecode(query.Cursor, out var key, out beforeId) || !long.TryParse(key, out var ticks))
                {
                    throw ProblemException.Invalid("cursor", "This cursor was not given by this list.");
                }

                before = new DateTimeOffset(ticks, TimeSpan.Zero);
            }

            var limit = Cursor.Limit(query.Limit);
            await using var session = store.QuerySession();
            var notifications = session.Query<Notification>().Where(n => n.MemberId == memberId);
            if (query.Unread)
            {
                notifications = notifications.Where(n => n.ReadAt == null);
            }

            if (before is { } b)
            {
                notifications = notifications.Where(n => n.UpdatedAt < b || (n.UpdatedAt == b && n.Id.CompareTo(beforeId) < 0));
            }

            var fetched = await notifications.OrderByDescending(n => n.UpdatedAt).ThenByDescending(n => n.Id).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, n => (n.UpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Id));
            var readable = await ReadableAsync(session, memberId, page.Items, cancellationToken);
            return new CursorPage<NotificationView>([.. page.Items.Where(readable).Select(ViewOf)], page.NextCursor);
        }
    }

    internal sealed class CountHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<CountQuery, UnreadCount>
    {
        public async Task<UnreadCount> Handle(CountQuery query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            return new UnreadCount(await CountUnreadAsync(session, me.Id, cancellationToken));
        }
    }

    internal sealed class MarkReadHandler(IEngagementStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<MarkRead, NotificationView>
    {
        public async Task<NotificationView> Handle(MarkRead mark, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            await using var session = store.LightweightSession();
            var notification = await session.LoadAsync<Notification>(mark.Id, cancellationToken);
            if (notification is null || notification.MemberId != memberId
                || !(await ReadableAsync(session, memberId, new[] { notification }, cancellationToken))(notification))
            {
                throw ProblemException.NotFound("The notification"); // someone else's is as if it did not exist
            }

            if (notification.ReadAt is null)
            {
                notification.ReadAt = clock.GetUtcNow();
                session.Store(notification);
                await session.SaveChangesAsync(cancellationToken);
            }

            return ViewOf(notification);
        }
    }

    internal sealed class MarkAllReadHandler(IEngagementStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<MarkAllRead, UnreadCount>
    {
        public async Task<UnreadCount> Handle(MarkAllRead mark, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            await using var session = store.LightweightSession();
            var unread = await session.Query<Notification>().Where(n => n.MemberId == memberId && n.ReadAt == null).ToListAsync(cancellationToken);
            if (unread.Count > 0)
            {
                var now = clock.GetUtcNow();
                foreach (var notification in unread)
                {
                    notification.ReadAt = now;
                }

                session.Store(unread.ToArray());
                await session.SaveChangesAsync(cancellationToken);
            }

            return new UnreadCount(0);
        }
    }

    /// <summary>
    /// The member's unread notifications that they may still read: always three queries, whatever there is, so the badge
    /// costs every page the same.
    /// </summary>
    public static async Task<int> CountUnreadAsync(IQuerySession session, Guid memberId, CancellationToken cancellationToken)
    {
        var unread = await session.Query<Notification>().Where(n => n.MemberId == memberId && n.ReadAt == null)
            .Select(n => new UnreadRow(n.Id, n.GroupId)).ToListAsync(cancellationToken);
        var groupIds = unread.Where(n => n.GroupId is not null).Select(n => n.GroupId!.Value).Distinct().ToArray();
        var membersGroups = await Audience.GroupsOfAsync(session, memberId, cancellationToken);
        var groups = await session.Query<CommunityGroup>().Where(g => g.Id.IsOneOf(groupIds)).ToListAsync(cancellationToken);
        var readable = groups.Where(g => Audience.CanRead(g, membersGroups)).Select(g => g.Id).ToHashSet();
        return unread.Count(n => n.GroupId is not { } g || readable.Contains(g));
    }

    internal sealed record UnreadRow(Guid Id, Guid? GroupId);

    private static async Task<Func<Notification, bool>> ReadableAsync(IQuerySession session, Guid memberId, IEnumerable<Notification> notifications,
        CancellationToken cancellationToken)
    {
        var groupIds = notifications.Where(n => n.GroupId is not null).Select(n => n.GroupId!.Value).Distinct().ToArray();
        if (groupIds.Length == 0)
        {
            return _ => true;
        }

        var readable = await Audience.ReadableAsync(session, groupIds, await Audience.GroupsOfAsync(session, memberId, cancellationToken), cancellationToken);
        return n => n.GroupId is not { } g || readable.Contains(g);
    }

    public static NotificationView ViewOf(Notification n) => new(n.Id, Camel(n.Kind), n.Title, n.Path, n.Excerpt, n.ActorNames, n.Count, n.ReadAt is null,
        n.CreatedAt, n.UpdatedAt);

    private static string Camel(NotificationKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/notifications", (bool? unread, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new ListQuery(unread ?? false, cursor, limit), cancellationToken))
                .WithSummary("My notifications, newest first (unread=true for the unread ones only), keyset paged.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/engagement/notifications/unread-count", (IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new CountQuery(), cancellationToken))
                .WithSummary("How many of my notifications are unread.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/engagement/notifications/{notificationId:guid}/read", (Guid notificationId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new MarkRead(notificationId), cancellationToken))
                .WithSummary("Mark one of my notifications read.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/engagement/notifications/read-all", (IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new MarkAllRead(), cancellationToken))
                .WithSummary("Mark all my notifications read.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/engagement/notifications/{notificationId:guid}/open", async (Guid notificationId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var notification = await mediator.Send(new MarkRead(notificationId), cancellationToken);
                    return Results.LocalRedirect(SafePath(notification.Path));
                })
                .WithSummary("Open one of my notifications: marked read, then redirected to what it is about.")
                .Produces(StatusCodes.Status302Found)
                .RequireAuthorization(MemberPolicy.Name);
        }
    }

    /// <summary>Only a site-relative path is followed, never another site.</summary>
    public static string SafePath(string path) => path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
        ? path : "/notifications";
}
