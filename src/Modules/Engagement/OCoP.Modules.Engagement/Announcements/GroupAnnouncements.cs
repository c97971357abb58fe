using Carter;
using FluentValidation;
using JasperFx;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Announcements;

/// <summary>
/// Announcements (issue 15, item 5; docs/workbench.md, docs/adr/0070): a facilitator or sponsor broadcasts to the group.
/// The announcement and its <see cref="AnnouncementFanOutHandler.AnnouncementPosted"/> commit together (outboxed
/// session); the handler notifies every member and e-mails them through the one e-mail path. An important one is
/// e-mailed to every member whatever their preferences, and a group has at most one in 7 days (409 otherwise).
/// Who may not see the group gets its 404; who sees it but does not lead it, 403 (the shared rule).
/// </summary>
internal static class GroupAnnouncements
{
    public const int MaxTitleLength = 150;
    public const int MaxBodyLength = 10_000;
    public static readonly TimeSpan ImportantInterval = TimeSpan.FromDays(7);

    internal sealed record Post(Guid GroupId, string? Title, string? Body, bool Important) : IRequest<AnnouncementView>;

    internal sealed record PostBody(string? Title, string? Body, bool Important);

    internal sealed record ListOf(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<AnnouncementView>>;

    internal sealed record Get(Guid GroupId, Guid AnnouncementId) : IRequest<AnnouncementView>;

    internal sealed record AnnouncementView(Guid Id, Guid GroupId, string Title, string Body, string Html, bool Important, Guid AuthorId,
        string AuthorName, DateTimeOffset CreatedAt, string Path);

    internal sealed class PostValidator : AbstractValidator<Post>
    {
        public PostValidator()
        {
            RuleFor(p => p.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Give the announcement a title.")
                .MaximumLength(MaxTitleLength).WithMessage($"Keep the title to {MaxTitleLength} characters.");
            RuleFor(p => p.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write the announcement.")
                .MaximumLength(MaxBodyLength).WithMessage($"Keep the announcement to {MaxBodyLength:N0} characters.");
        }
    }

    internal sealed class PostHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown) : IRequestHandler<Post, AnnouncementView>
    {
        public async Task<AnnouncementView> Handle(Post post, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var viewer = (await GroupAccess.ForWriteAsync(session, bus, post.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Moderate);
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            if (post.Important)
            {
                // Two important announcements racing: the second waits for the first's commit, then sees it (a first
                // ever pair both inserting: the loser's insert fails on the key and it answers the same 409).
                var slot = await RowLocks.LoadForUpdateAsync<ImportantAnnouncementSlot>(session, viewer.GroupId, cancellationToken);
                if (slot is not null && now - slot.LastImportantAt < ImportantInterval)
                {
                    throw TooSoon(slot.LastImportantAt);
                }

                RowLocks.Save(session, new ImportantAnnouncementSlot { Id = viewer.GroupId, LastAnnouncementId = id, LastImportantAt = now }, slot is null);
            }

            var source = post.Body!.Trim();
            var announcement = new Announcement
            {
                Id = id, GroupId = viewer.GroupId, AuthorId = me.Id, Title = post.Title!.Trim(), Source = source, Html = markdown.ToSafeHtml(source),
                Important = post.Important, CreatedAt = now, Key = Announcement.KeyFor(now, id),
            };
            session.Insert(announcement);
            await bus.PublishAsync(new AnnouncementFanOutHandler.AnnouncementPosted(announcement.Id));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentAlreadyExistsException) when (post.Important)
            {
                throw TooSoon(now);
            }

            var author = await session.LoadAsync<MemberFacts>(me.Id, cancellationToken);
            return View(announcement, viewer.Slug, author);
        }

        private static ProblemException TooSoon(DateTimeOffset last) =>
            ProblemException.Conflict($"This group already had an important announcement on {last:yyyy-MM-dd HH:mm} UTC: one a week at most. " +
                $"Post this one as a normal announcement, or wait until {last + ImportantInterval:yyyy-MM-dd HH:mm} UTC.");
    }

    internal sealed class ListHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListOf, CursorPage<AnnouncementView>>
    {
        public async Task<CursorPage<AnnouncementView>> Handle(ListOf list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var groupId = viewer.GroupId;
            var limit = Cursor.Limit(list.Limit);
            IQueryable<Announcement> query = session.Query<Announcement>().Where(a => a.GroupId == groupId);
            if (list.Cursor is not null)
            {
                if (!Cursor.TryDecode(list.Cursor, out var key, out _))
                {
                    throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
                }

                query = query.Where(a => a.Key.CompareTo(key) < 0);
            }

            var fetched = await query.OrderByDescending(a => a.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var authors = await AuthorsAsync(session, fetched, cancellationToken);
            var page = Cursor.Page(fetched, limit, a => (a.Key, a.Id));
            return new CursorPage<AnnouncementView>([.. page.Items.Select(a => View(a, viewer.Slug, authors.GetValueOrDefault(a.AuthorId)))], page.NextCursor);
        }
    }

    internal sealed class GetHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Get, AnnouncementView>
    {
        public async Task<AnnouncementView> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var announcement = await session.LoadAsync<Announcement>(get.AnnouncementId, cancellationToken);
            if (announcement is null || announcement.GroupId != viewer.GroupId)
            {
                throw ProblemException.NotFound("The announcement");
            }

            return View(announcement, viewer.Slug, await session.LoadAsync<MemberFacts>(announcement.AuthorId, cancellationToken));
        }
    }

    private static async Task<IReadOnlyDictionary<Guid, MemberFacts>> AuthorsAsync(IQuerySession session, IReadOnlyList<Announcement> announcements,
        CancellationToken cancellationToken)
    {
        var ids = announcements.Select(a => a.AuthorId).Distinct().ToArray();
        return ids.Length == 0 ? new Dictionary<Guid, MemberFacts>() : (await session.LoadManyAsync<MemberFacts>(cancellationToken, ids)).ToDictionary(m => m.Id);
    }

    public static string PathOf(string slug, Guid announcementId) => $"/groups/{slug}/announcements#announcement-{announcementId:N}";

    private static AnnouncementView View(Announcement a, string slug, MemberFacts? author) =>
        new(a.Id, a.GroupId, a.Title, a.Source, a.Html, a.Important, a.AuthorId, MemberFacts.NameOf(author), a.CreatedAt, PathOf(slug, a.Id));

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string announcements = "/api/engagement/groups/{groupId:guid}/announcements";
            app.MapPost(announcements, async (Guid groupId, PostBody body, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var posted = await mediator.Send(new Post(groupId, body.Title, body.Body, body.Important), cancellationToken);
                    return TypedResults.Created($"/api/engagement/groups/{groupId}/announcements/{posted.Id}", posted);
                })
                .WithSummary("Announces to a group (facilitators and sponsors): every member is notified and e-mailed; an important one is e-mailed " +
                    "even to members who turned that e-mail off, at most one in 7 days per group (409).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(announcements, (Guid groupId, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new ListOf(groupId, cursor, limit), cancellationToken))
                .WithSummary("A group's announcements, newest first (whoever may read the group).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(announcements + "/{announcementId:guid}", (Guid groupId, Guid announcementId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(groupId, announcementId), cancellationToken))
                .WithSummary("One announcement of a group.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
