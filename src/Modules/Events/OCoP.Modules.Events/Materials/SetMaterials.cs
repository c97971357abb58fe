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

namespace OCoP.Modules.Events.Materials;

/// <summary>Organisers attach materials (links) and an optional priming question, shown on the event before the session.</summary>
internal static class SetMaterials
{
    public const int MaxItems = 20;
    public const int MaxPrimingQuestion = 500;

    internal sealed record Command(IReadOnlyList<Material>? Items, string? PrimingQuestion, ChangeScope? Scope) : IRequest<Result>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed record Result(IReadOnlyList<Material> Items, string? PrimingQuestion);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Items).Must(items => items is null || items.Count <= MaxItems).WithMessage($"At most {MaxItems} materials.");
            RuleForEach(c => c.Items).ChildRules(item =>
            {
                item.RuleFor(m => m.Title).NotEmpty().MaximumLength(200).OverridePropertyName("title");
                item.RuleFor(m => m.Url).NotEmpty().MaximumLength(2000).Must(IsWebLink).WithMessage("Give an http or https link.").OverridePropertyName("url");
                item.RuleFor(m => m.Note).MaximumLength(500).OverridePropertyName("note");
            });
            RuleFor(c => c.PrimingQuestion).MaximumLength(MaxPrimingQuestion);
            RuleFor(c => c.Scope).IsInEnum();
        }

        public static bool IsWebLink(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
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

            List<Material> items = [.. (command.Items ?? []).Select(m => new Material(m.Title.Trim(), m.Url.Trim(), string.IsNullOrWhiteSpace(m.Note) ? null : m.Note.Trim()))];
            var question = string.IsNullOrWhiteSpace(command.PrimingQuestion) ? null : command.PrimingQuestion.Trim();
            var now = clock.GetUtcNow();
            foreach (var target in await SeriesTargets.LoadAsync(session, groupEvent, command.Scope ?? ChangeScope.ThisOccurrence, cancellationToken))
            {
                target.Materials = [.. items];
                target.PrimingQuestion = question;
                target.UpdatedAt = now;
                session.Store(target);
            }

            await session.SaveChangesAsync(cancellationToken);
            return new Result(items, question);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}/materials", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Organisers: the event's materials (titled http(s) links) and an optional priming question. Scope ThisAndFollowing for a series.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
