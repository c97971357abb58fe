using OCoP.Modules.Membership.Access;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using Wolverine;

namespace OCoP.Modules.Discussions.Moderation;

/// <summary>Every moderation action in a group, newest first, for its facilitators: who did what, to what, and why.</summary>
internal static class ModerationLog
{
    internal sealed record Query(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<Line>>;

    internal sealed record Line(DateTimeOffset At, string Action, Guid? ModeratorId, string ModeratorName, int? TopicNumber, int? PostNumber,
        Guid? MemberId, string? MemberName, string? Reason, int? Clause, string? Path);

    public static void Write(IDocumentSession session, Guid groupId, DateTimeOffset at, Guid? moderatorId, string action, Topic? topic = null,
        Post? post = null, string? reason = null, int? clause = null, Guid? memberId = null)
    {
        var id = Guid.CreateVersion7();
        session.Store(new ModerationLogEntry
        {
            Id = id, GroupId = groupId, At = at, ModeratorId = moderatorId, Action = action, TopicId = topic?.Id, TopicNumber = topic?.Number,
            PostNumber = post?.Number, MemberId = memberId ?? post?.AuthorId ?? topic?.AuthorId, Reason = reason, Clause = clause,
            SortKey = $"{at.UtcTicks:D19}{id:N}",
        });
    }

    internal sealed class Handler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<Query, CursorPage<Line>>
    {
        public async Task<CursorPage<Line>> Handle(Query query, CancellationToken cancellationToken)
        {
            string? after = null;
            if (query.Cursor is not null)
            {
                after = Cursor.TryDecode(query.Cursor, out var key, out _) ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we gave out.");
            }

            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, query.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var limit = Cursor.Limit(query.Limit);
            var entries = session.Query<ModerationLogEntry>().Where(e => e.GroupId == query.GroupId);
            if (after is not null)
            {
                entries = entries.Where(e => e.SortKey.CompareTo(after) < 0);
            }

            var fetched = await entries.OrderByDescending(e => e.SortKey).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, e => (e.SortKey, e.Id));
            var names = await Names.LoadAsync(session, page.Items.SelectMany(e => new[] { e.ModeratorId ?? Guid.Empty, e.MemberId ?? Guid.Empty }),
                cancellationToken);
            return new CursorPage<Line>(page.Items.Select(e => new Line(e.At, e.Action, e.ModeratorId,
                e.ModeratorId is null ? "OCoP (automatic)" : names.Of(e.ModeratorId), e.TopicNumber, e.PostNumber, e.MemberId,
                e.MemberId is null ? null : names.Of(e.MemberId), e.Reason, e.Clause,
                e.TopicNumber is { } topic ? Topic.PathFor(context.Group.Slug, topic, e.PostNumber) : null)).ToList(), page.NextCursor);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/discussions/groups/{groupId:guid}/moderation-log", (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Query(groupId, cursor, limit), cancellationToken))
                .WithSummary("The group's moderation log, newest first (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
