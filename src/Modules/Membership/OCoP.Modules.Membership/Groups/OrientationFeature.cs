using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Orientation: facilitators write a welcome and a checklist; each member ticks items off; facilitators see who is
/// where, so they can help the newcomers who are stuck.
/// </summary>
internal static class OrientationFeature
{
    internal sealed record Edit(string? WelcomeMarkdown, IReadOnlyList<ItemInput> Checklist) : IRequest<OrientationView>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    /// <summary><see cref="Action"/>: what ticks the item by itself (IntroduceYourself, CompleteProfile, ReplyToSomeone, RsvpToEvent).</summary>
    internal sealed record ItemInput(string? Id, string Text, OrientationAction? Action = null);

    internal sealed record Mine(Guid GroupId) : IRequest<OrientationView>;

    internal sealed record Tick(Guid GroupId, string ItemId, bool Done) : IRequest<OrientationView>;

    internal sealed record Progress(Guid GroupId) : IRequest<IReadOnlyList<MemberProgress>>;

    internal sealed record OrientationView(string WelcomeHtml, IReadOnlyList<ItemView> Checklist, int Done, int Total);

    /// <summary><see cref="Link"/>: where the member does it; <see cref="Action"/>: what ticks it by itself (None: ticked by hand).</summary>
    internal sealed record ItemView(string Id, string Text, bool Done, OrientationAction Action, string? Link);

    internal sealed record MemberProgress(Guid MemberId, string DisplayName, DateTimeOffset? JoinedAt, int Done, int Total, IReadOnlyList<string> Missing);

    internal sealed class EditValidator : AbstractValidator<Edit>
    {
        public EditValidator()
        {
            RuleFor(e => e.WelcomeMarkdown).MaximumLength(10_000);
            RuleFor(e => e.Checklist).NotNull().Must(c => c.Count <= 20).WithMessage("At most 20 items.");
            RuleForEach(e => e.Checklist).ChildRules(item =>
            {
                item.RuleFor(i => i.Text).NotEmpty().MaximumLength(200);
                item.RuleFor(i => i.Id).MaximumLength(40);
            });
        }
    }

    internal sealed class EditHandler(IMembershipStore store, CurrentMember me, MarkdownRenderer markdown) : IRequestHandler<Edit, OrientationView>
    {
        public async Task<OrientationView> Handle(Edit edit, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = (await GroupAccess.LoadAsync(session, edit.GroupId, me, cancellationToken)).Require(GroupAction.ManageOrientation);
            var welcome = edit.WelcomeMarkdown?.Trim() ?? "";
            // Items keep their id when edited, so members' ticks survive rewording.
            var items = edit.Checklist
                .Select(i => new OrientationItem(string.IsNullOrWhiteSpace(i.Id) ? Guid.NewGuid().ToString("N")[..8] : i.Id.Trim(), i.Text.Trim(),
                    i.Action ?? OrientationAction.None))
                .DistinctBy(i => i.Id).ToList();
            context.Group.Orientation = new Orientation(welcome, markdown.ToSafeHtml(welcome), items);
            session.Store(context.Group);
            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return View(context.Group, context.Membership, await ProfileCompleteAsync(session, me.Id, cancellationToken));
        }
    }

    internal sealed class MineHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<Mine, OrientationView>
    {
        public async Task<OrientationView> Handle(Mine mine, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = await GroupAccess.LoadAsync(session, mine.GroupId, me, cancellationToken);
            RequireMember(context);
            return View(context.Group, context.Membership, await ProfileCompleteAsync(session, me.Id, cancellationToken));
        }
    }

    internal sealed class TickHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<Tick, OrientationView>
    {
        public async Task<OrientationView> Handle(Tick tick, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = await GroupAccess.LoadAsync(session, tick.GroupId, me, cancellationToken);
            RequireMember(context);
            if (context.Group.Orientation.Checklist.All(i => i.Id != tick.ItemId))
            {
                throw ProblemException.NotFound("This checklist item");
            }

            var membership = context.Membership!;
            membership.OrientationDone.Remove(tick.ItemId);
            if (tick.Done)
            {
                membership.OrientationDone.Add(tick.ItemId);
            }

            session.Store(membership);
            await session.SaveChangesAsync(cancellationToken);
            return View(context.Group, membership, await ProfileCompleteAsync(session, me.Id, cancellationToken));
        }
    }

    internal sealed class ProgressHandler(IMembershipStore store, CurrentMember me) : IRequestHandler<Progress, IReadOnlyList<MemberProgress>>
    {
        public async Task<IReadOnlyList<MemberProgress>> Handle(Progress progress, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await GroupAccess.LoadAsync(session, progress.GroupId, me, cancellationToken)).Require(GroupAction.ManageOrientation).Group;
            var memberships = await session.Query<GroupMembership>()
                .Where(m => m.GroupId == group.Id && m.State == GroupMembershipState.Active)
                .OrderByDescending(m => m.JoinedAt).Take(500).ToListAsync(cancellationToken);
            var members = await session.LoadManyAsync<Member>(cancellationToken, memberships.Select(m => m.MemberId).ToArray());
            var names = members.ToDictionary(m => m.Id, m => m.DisplayName);
            var completeProfiles = members.Where(m => m.HasCompleteProfile()).Select(m => m.Id).ToHashSet();
            var checklist = group.Orientation.Checklist;
            return memberships.Select(m => new MemberProgress(m.MemberId, names.GetValueOrDefault(m.MemberId, MemberNames.FormerMember), m.JoinedAt,
                checklist.Count(i => IsDone(i, m.OrientationDone, completeProfiles.Contains(m.MemberId))), checklist.Count,
                checklist.Where(i => !IsDone(i, m.OrientationDone, completeProfiles.Contains(m.MemberId))).Select(i => i.Text).ToList())).ToList();
        }
    }

    private static void RequireMember(GroupContext context)
    {
        context.RequireVisible();
        if (!context.IsMember)
        {
            throw ProblemException.Forbidden("Orientation is for the group's members.");
        }
    }

    /// <summary>Ticked by hand or by the action; "complete your profile" is read from the profile as it is now.</summary>
    internal static bool IsDone(OrientationItem item, IReadOnlyCollection<string> ticked, bool profileComplete) =>
        ticked.Contains(item.Id) || (item.TickedBy() == OrientationAction.CompleteProfile && profileComplete);

    private static async Task<bool> ProfileCompleteAsync(IQuerySession session, Guid memberId, CancellationToken cancellationToken) =>
        (await session.LoadAsync<Member>(memberId, cancellationToken))?.HasCompleteProfile() == true;

    private static OrientationView View(Group group, GroupMembership? membership, bool profileComplete)
    {
        var done = membership?.OrientationDone ?? [];
        var items = group.Orientation.Checklist
            .Select(i => new ItemView(i.Id, i.Text, IsDone(i, done, profileComplete), i.TickedBy(), i.Link(group.Slug))).ToList();
        return new OrientationView(group.Orientation.WelcomeHtml, items, items.Count(i => i.Done), items.Count);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/membership/groups/{groupId:guid}/orientation", (Guid groupId, Edit edit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(edit with { GroupId = groupId }, cancellationToken))
                .WithSummary("Set the welcome message (Markdown) and the orientation checklist (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/groups/{groupId:guid}/orientation", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Mine(groupId), cancellationToken))
                .WithSummary("The welcome and your own progress through the checklist.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/membership/groups/{groupId:guid}/orientation/items/{itemId}", (Guid groupId, string itemId, TickBody body, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Tick(groupId, itemId, body.Done), cancellationToken))
                .WithSummary("Tick a checklist item off (done: true) or back on (done: false).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/groups/{groupId:guid}/orientation/progress", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new Progress(groupId), cancellationToken), cursor, limit))
                .WithSummary("Each member's progress through the checklist, newest members first (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }

    internal sealed record TickBody(bool Done);
}
