using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Series;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Agenda;

/// <summary>
/// Organisers set an event's agenda (or this and the following occurrences'): the items given, or a template's. Its
/// total must fit the event; an empty list clears it.
/// </summary>
internal static class SetAgenda
{
    public const int MaxItems = 30;

    internal sealed record Command(IReadOnlyList<AgendaItem>? Items, string? Template, ChangeScope? Scope) : IRequest<Result>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    /// <param name="TotalMinutes">The agenda's minutes; the event's length bounds it.</param>
    internal sealed record Result(IReadOnlyList<AgendaItem> Items, int TotalMinutes);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Items).Must(items => items is null || items.Count <= MaxItems).WithMessage($"At most {MaxItems} items.");
            RuleForEach(c => c.Items).ChildRules(item =>
            {
                item.RuleFor(i => i.Title).NotEmpty().MaximumLength(200).OverridePropertyName("title");
                item.RuleFor(i => i.Minutes).InclusiveBetween(1, 24 * 60).OverridePropertyName("minutes");
                item.RuleFor(i => i.Lead).MaximumLength(100).OverridePropertyName("lead");
                item.RuleFor(i => i.Kind).IsInEnum().OverridePropertyName("kind");
            });
            RuleFor(c => c.Template).Must(t => t is null || AgendaTemplates.Find(t) is not null)
                .WithMessage($"Unknown template: one of {string.Join(", ", AgendaTemplates.All.Select(t => t.Key))}.");
            RuleFor(c => c.Items).Must((c, items) => c.Template is null || items is null || items.Count == 0)
                .WithMessage("Give either items or a template.");
            RuleFor(c => c.Scope).IsInEnum();
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, groupEvent);
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            IReadOnlyList<AgendaItem> items = AgendaTemplates.Find(command.Template)?.Items
                ?? [.. (command.Items ?? []).Select(i => i with { Title = i.Title.Trim(), Lead = string.IsNullOrWhiteSpace(i.Lead) ? null : i.Lead.Trim() })];
            var targets = await SeriesTargets.LoadAsync(session, groupEvent, command.Scope ?? ChangeScope.ThisOccurrence, cancellationToken);
            var total = items.Sum(i => i.Minutes);
            if (targets.FirstOrDefault(t => total > (t.EndsAt - t.StartsAt).TotalMinutes) is { } tooShort)
            {
                throw ProblemException.Invalid(command.Template is null ? "items" : "template",
                    $"The agenda takes {total} minutes; the event lasts {(tooShort.EndsAt - tooShort.StartsAt).TotalMinutes:0}.");
            }

            var now = clock.GetUtcNow();
            foreach (var target in targets)
            {
                target.Agenda = [.. items];
                target.UpdatedAt = now;
                session.Store(target);
            }

            await session.SaveChangesAsync(cancellationToken);
            return new Result(items, total);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}/agenda", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Organisers: set the agenda (items, or a template's); its minutes must fit the event. Scope ThisAndFollowing for a series.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
