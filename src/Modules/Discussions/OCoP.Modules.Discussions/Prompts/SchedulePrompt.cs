using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Membership.Access;
using Wolverine.Marten.Publishing;
using Wolverine;

namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// Schedule a discussion question as oneself (facilitators and sponsors): posted at <c>postAt</c> (400 when in the past),
/// and, for a series, again every week. The first occurrence's durable message commits with the prompt, and so does
/// <see cref="PromptScheduled"/> (the health dashboard's restart checklist ticks its prompt item from it, ADR 0074).
/// </summary>
internal static class SchedulePrompt
{
    public const int MaxOccurrences = 12;

    /// <summary>What a prompt says and when it is posted: the fields scheduling and changing one share, with their rules.</summary>
    internal interface IPromptFields
    {
        string? Title { get; }
        string? Body { get; }
        DateTimeOffset? PostAt { get; }
        int? Weeks { get; }
    }

    internal sealed record Command(Guid GroupId, string? Title, string? Body, DateTimeOffset? PostAt, int? Weeks) : IRequest<PromptView>, IPromptFields;

    internal sealed record PromptBody(string? Title, string? Body, DateTimeOffset? PostAt, int? Weeks);

    internal sealed record PromptView(Guid Id, string Title, DateTimeOffset FirstAt, int Occurrences, IReadOnlyDictionary<int, int> Posted,
        IReadOnlyDictionary<int, string> Failed, bool Cancelled, Guid AuthorId, string Body);

    internal sealed record ListOf(Guid GroupId) : IRequest<IReadOnlyList<PromptView>>;

    /// <summary>The rules of a prompt's fields, for scheduling one (<see cref="Validator"/>) and changing one (<see cref="ChangePrompt"/>).</summary>
    internal abstract class PromptRules<T> : AbstractValidator<T> where T : IPromptFields
    {
        protected PromptRules()
        {
            RuleFor(c => c.Title).NotEmpty().MinimumLength(5).MaximumLength(200);
            RuleFor(c => c.Body).NotEmpty().MaximumLength(Posts.Posting.MaxBodyLength);
            RuleFor(c => c.PostAt).NotNull().WithMessage("Say when to post the question.");
            // Bounded so a series' later weeks stay representable (9999-12-31 plus a week overflowed into a 500).
            RuleFor(c => c.PostAt).LessThan(new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero)).When(c => c.PostAt is not null)
                .WithMessage("Post the question within the next century or so.");
            RuleFor(c => c.Weeks).InclusiveBetween(1, MaxOccurrences).When(c => c.Weeks is not null)
                .WithMessage($"A series runs 1 to {MaxOccurrences} weeks.");
        }
    }

    internal sealed class Validator : PromptRules<Command>;

    internal sealed class Handler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, PromptView>
    {
        public async Task<PromptView> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadToWriteAsync(session, bus, command.GroupId, me, cancellationToken)).Require(GroupAction.Moderate)
                .RequireWritable();
            var now = clock.GetUtcNow();
            if (command.PostAt <= now)
            {
                throw ProblemException.Invalid("postAt", "A prompt is posted in the future: choose a later time.");
            }

            var prompt = new ScheduledPrompt
            {
                Id = Guid.CreateVersion7(now), GroupId = context.Forum.Id, AuthorId = me.Id, Title = command.Title!.Trim(), Body = command.Body!,
                FirstAt = command.PostAt!.Value, Occurrences = command.Weeks ?? 1,
            };
            session.Insert(prompt);
            // Every occurrence of a series is scheduled now, in the prompt's transaction: nothing depends on a handler scheduling the next.
            for (var occurrence = 0; occurrence < prompt.Occurrences; occurrence++)
            {
                await bus.ScheduleAsync(new ScheduledPromptHandler.PostScheduledPrompt(prompt.Id, occurrence, prompt.Version), prompt.At(occurrence));
            }

            await bus.PublishAsync(new PromptScheduled(prompt.GroupId, prompt.Id, prompt.AuthorId, prompt.Title, prompt.FirstAt, prompt.Occurrences,
                PathOf(context.Group.Slug), now));
            await session.SaveChangesAsync(cancellationToken);
            return View(prompt);
        }
    }

    internal sealed class ListHandler(IDiscussionsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListOf, IReadOnlyList<PromptView>>
    {
        public async Task<IReadOnlyList<PromptView>> Handle(ListOf list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, list.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var groupId = context.Forum.Id;
            return (await session.Query<ScheduledPrompt>().Where(p => p.GroupId == groupId).OrderByDescending(p => p.FirstAt).Take(100)
                .ToListAsync(cancellationToken)).Select(View).ToList();
        }
    }

    /// <summary>The group's prompts page (the list and the form).</summary>
    public static string PathOf(string slug) => $"/groups/{slug}/prompts";

    internal static PromptView View(ScheduledPrompt p) => new(p.Id, p.Title, p.FirstAt, p.Occurrences, p.Posted, p.Failed, p.Cancelled, p.AuthorId, p.Body);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/discussions/groups/{groupId:guid}/prompts", (Guid groupId, PromptBody body, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Command(groupId, body.Title, body.Body, body.PostAt, body.Weeks), cancellationToken))
                .WithSummary("Schedules a discussion question posted as the caller at postAt, once or weekly for `weeks` weeks (facilitators and sponsors).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/discussions/groups/{groupId:guid}/prompts", async (Guid groupId, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    CursorPage.Of(await mediator.Send(new ListOf(groupId), cancellationToken), cursor, limit))
                .WithSummary("A group's scheduled prompts and which occurrences were posted (facilitators and sponsors).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
