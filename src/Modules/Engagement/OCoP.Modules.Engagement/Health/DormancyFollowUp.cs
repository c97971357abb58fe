using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Chat;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Engagement.Health;

/// <summary>When one kind of activity last happened in the group; null when it never did (as far as Engagement saw).</summary>
internal sealed record KindActivity(ActivityKind Kind, string Name, DateTimeOffset? LastAt);

/// <summary>A step of the restart checklist: where it is done, and whether it was done since the group turned dormant.</summary>
internal sealed record RestartStep(ActivityKind Kind, string Label, string Path, bool Done, DateTimeOffset? DoneAt);

/// <summary>
/// Why a group is quiet (its last activity by kind) and, while it is dormant, the restart checklist. <c>DormantSince</c>
/// and <c>RestartChecklist</c> are null for a group that is not dormant.
/// </summary>
internal sealed record ActivityReport(Guid GroupId, GroupStatus Status, DateTimeOffset? DormantSince, DateTimeOffset? LastActivityAt,
    IReadOnlyList<KindActivity> LastActivity, IReadOnlyList<RestartStep>? RestartChecklist);

/// <summary>
/// The dashboard's dormancy follow-up (issue 15, item 9; ADR 0074): the group's <see cref="GroupActivity"/>, kept by
/// <see cref="GroupHealthHandler"/> from the events Engagement receives, and its status from the group-access replica
/// (Membership's <c>GroupStatusChanged</c>: when it turned dormant). Two primary-key loads, no scan. Facilitators and
/// sponsors only, like the rest of the dashboard. Chat's last message is read from the group's channels (a few rows).
/// </summary>
internal static class DormancyFollowUp
{
    internal sealed record Query(Guid GroupId) : IRequest<ActivityReport>;

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, ActivityReport>
    {
        public async Task<ActivityReport> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var activity = await session.LoadAsync<GroupActivity>(viewer.GroupId, cancellationToken) ?? new GroupActivity { Id = viewer.GroupId };
            // Chat writes no activity record (a burst of messages would queue on one row): each channel knows its newest message.
            var chat = await session.Query<ChatChannel>().Where(c => c.GroupId == viewer.GroupId).Select(c => new { c.LastMessageAt })
                .ToListAsync(cancellationToken);
            if (chat.Max(c => c.LastMessageAt) is { } lastChat)
            {
                activity.Saw(ActivityKind.Chat, lastChat);
            }

            var facts = await session.LoadAsync<GroupFacts>(viewer.GroupId, cancellationToken);
            var dormantSince = viewer.Status == GroupStatus.Dormant ? facts?.StatusChangedAt : null;
            return Report(viewer, activity, dormantSince);
        }
    }

    internal static ActivityReport Report(GroupViewer group, GroupActivity activity, DateTimeOffset? dormantSince)
    {
        var kinds = Enum.GetValues<ActivityKind>().Select(kind => new KindActivity(kind, NameOf(kind), activity.Last(kind))).ToList();
        var last = kinds.Max(k => k.LastAt);
        IReadOnlyList<RestartStep>? checklist = null;
        if (dormantSince is not null)
        {
            checklist =
            [
                Step(ActivityKind.Prompt, "Schedule a discussion prompt", $"/groups/{group.Slug}/prompts"),
                Step(ActivityKind.Event, "Plan an event", $"/groups/{group.Slug}/events/new"),
                Step(ActivityKind.Announcement, "Post an announcement", $"/groups/{group.Slug}/announcements"),
            ];
        }

        return new ActivityReport(group.GroupId, group.Status, dormantSince, last, kinds, checklist);

        // Ticked once done after the group turned dormant: what was done before is the quiet the checklist answers.
        RestartStep Step(ActivityKind kind, string label, string path) =>
            activity.Last(kind) is { } at && at >= dormantSince
                ? new RestartStep(kind, label, path, true, at)
                : new RestartStep(kind, label, path, false, null);
    }

    public static string NameOf(ActivityKind kind) => kind switch
    {
        ActivityKind.Topic => "Topic started",
        ActivityKind.Reply => "Reply",
        ActivityKind.NewMember => "New member",
        ActivityKind.Event => "Event planned",
        ActivityKind.Knowledge => "Wiki page, blog post or resource",
        ActivityKind.Announcement => "Announcement",
        ActivityKind.Prompt => "Discussion prompt scheduled",
        ActivityKind.Chat => "Chat message",
        _ => kind.ToString(),
    };

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/groups/{groupId:guid}/health/activity", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId), cancellationToken))
                .WithSummary("A group's last activity by kind and, while it is dormant, the restart checklist (ADR 0074); facilitators and sponsors only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
