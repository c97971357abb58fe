using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// Change or cancel a scheduled prompt (docs/workbench.md). Cancelling stops the occurrences not yet posted (whoever
/// moderates the forum may, as they may stop any question posted in the group); the posted topics stay. Changing it is
/// for its author only, since it is posted in their name: before its first occurrence everything may change (the old
/// occurrences' messages are left to fire and find a newer <see cref="ScheduledPrompt.Version"/>); once it has started,
/// the question's words change for the weeks to come, and its times stay (409 otherwise: cancel, and schedule anew).
/// </summary>
internal static class ChangePrompt
{
    internal sealed record Change(Guid GroupId, Guid PromptId, string? Title, string? Body, DateTimeOffset? PostAt, int? Weeks)
        : IRequest<SchedulePrompt.PromptView>, SchedulePrompt.IPromptFields;

    internal sealed record Cancel(Guid GroupId, Guid PromptId) : IRequest<SchedulePrompt.PromptView>;

    /// <summary>The same rules as scheduling one, so a changed prompt is one that could have been scheduled.</summary>
    internal sealed class Validator : SchedulePrompt.PromptRules<Change>;

    internal sealed class ChangeHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Change, SchedulePrompt.PromptView>
    {
        public async Task<SchedulePrompt.PromptView> Handle(Change change, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var prompt = await LoadAsync(session, bus, me, change.GroupId, change.PromptId, cancellationToken);
            if (prompt.AuthorId != me.Id)
            {
                throw ProblemException.Forbidden("A prompt is posted in its author's name: only they can change its words. Cancel it and schedule your own.");
            }

            if (prompt.Cancelled)
            {
                throw ProblemException.Conflict("The prompt is cancelled: schedule a new one.");
            }

            var now = clock.GetUtcNow();
            var weeks = change.Weeks ?? 1;
            var started = prompt.Posted.Count > 0 || prompt.Failed.Count > 0 || prompt.FirstAt <= now;
            if (started)
            {
                if (change.PostAt != prompt.FirstAt || weeks != prompt.Occurrences)
                {
                    throw ProblemException.Conflict("The prompt has started: its words can change for the weeks to come, not its times. Cancel it and schedule a new one.");
                }
            }
            else if (change.PostAt <= now)
            {
                throw ProblemException.Invalid("postAt", "A prompt is posted in the future: choose a later time.");
            }

            (prompt.Title, prompt.Body) = (change.Title!.Trim(), change.Body!);
            if (!started && (change.PostAt != prompt.FirstAt || weeks != prompt.Occurrences))
            {
                // New times: new messages under a new version; the old ones fire at their times and do nothing.
                (prompt.FirstAt, prompt.Occurrences) = (change.PostAt!.Value, weeks);
                prompt.Version++;
                for (var occurrence = 0; occurrence < prompt.Occurrences; occurrence++)
                {
                    await bus.ScheduleAsync(new ScheduledPromptHandler.PostScheduledPrompt(prompt.Id, occurrence, prompt.Version), prompt.At(occurrence));
                }
            }

            session.Store(prompt);
            await session.SaveChangesAsync(cancellationToken);
            return SchedulePrompt.View(prompt);
        }
    }

    internal sealed class CancelHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me)
        : IRequestHandler<Cancel, SchedulePrompt.PromptView>
    {
        public async Task<SchedulePrompt.PromptView> Handle(Cancel cancel, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var prompt = await LoadAsync(session, bus, me, cancel.GroupId, cancel.PromptId, cancellationToken);
            if (!prompt.Cancelled)
            {
                prompt.Cancelled = true; // a second cancel answers the same, changing nothing
                session.Store(prompt);
                await session.SaveChangesAsync(cancellationToken);
            }

            return SchedulePrompt.View(prompt);
        }
    }

    /// <summary>The prompt, row-locked against its occurrence being posted meanwhile; 404 when it is not this group's.</summary>
    private static async Task<ScheduledPrompt> LoadAsync(Marten.IDocumentSession session, IMessageBus bus, CurrentMember me, Guid groupId, Guid promptId,
        CancellationToken cancellationToken)
    {
        var context = (await ForumAccess.LoadToWriteAsync(session, bus, groupId, me, cancellationToken)).Require(GroupAction.Moderate);
        var prompt = await RowLocks.LoadForUpdateAsync<ScheduledPrompt>(session, promptId, cancellationToken);
        return prompt is not null && prompt.GroupId == context.Forum.Id ? prompt : throw ProblemException.NotFound("The prompt");
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/discussions/groups/{groupId:guid}/prompts/{promptId:guid}", (Guid groupId, Guid promptId, SchedulePrompt.PromptBody body,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Change(groupId, promptId, body.Title, body.Body, body.PostAt, body.Weeks), cancellationToken))
                .WithSummary("Changes a scheduled prompt (its author): everything before its first occurrence; afterwards its words only.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/discussions/groups/{groupId:guid}/prompts/{promptId:guid}/cancel", (Guid groupId, Guid promptId, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Cancel(groupId, promptId), cancellationToken))
                .WithSummary("Cancels the occurrences of a prompt not yet posted (facilitators and sponsors); the posted topics stay.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
