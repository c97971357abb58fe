using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Reminders;

/// <summary>The reminders one member wants, among those the site sends (<c>Events:ReminderLeads</c>); without one, all of them.</summary>
internal sealed class ReminderPreference
{
    public Guid Id { get; set; }

    /// <summary>Minutes before the start; only leads the site offers count.</summary>
    public List<int> WantedMinutes { get; set; } = [];

    public bool Wants(TimeSpan lead) => WantedMinutes.Contains((int)lead.TotalMinutes);
}

/// <summary>A member reads and chooses their event reminders (issue 14 item 4: "per member preference").</summary>
internal static class ReminderPreferences
{
    internal sealed record Choice(IReadOnlyList<int> OfferedMinutes, IReadOnlyList<int> WantedMinutes);

    internal sealed record Query : IRequest<Choice>;

    internal sealed record Command(IReadOnlyList<int> WantedMinutes) : IRequest<Choice>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.WantedMinutes).NotNull().Must(m => m is null || m.Count <= 10).WithMessage("At most 10 reminders.");
    }

    internal sealed class QueryHandler(IEventsStore store, CurrentMember me, IOptions<EventsOptions> options) : IRequestHandler<Query, Choice>
    {
        public async Task<Choice> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var offered = Offered(options.Value);
            var own = await session.LoadAsync<ReminderPreference>(me.Id, cancellationToken);
            return new Choice(offered, own is null ? offered : [.. offered.Where(own.WantedMinutes.Contains)]);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, IOptions<EventsOptions> options)
        : IRequestHandler<Command, Choice>
    {
        public async Task<Choice> Handle(Command command, CancellationToken cancellationToken)
        {
            var offered = Offered(options.Value);
            for (var i = 0; i < command.WantedMinutes.Count; i++)
            {
                if (!offered.Contains(command.WantedMinutes[i]))
                {
                    throw ProblemException.Invalid($"wantedMinutes[{i}]", $"Reminders are sent {string.Join(" or ", offered)} minutes before the start.");
                }
            }

            await using var session = sessions.OpenSession(bus);
            var wanted = command.WantedMinutes.Distinct().Order().ToList();
            session.Store(new ReminderPreference { Id = me.Id, WantedMinutes = wanted });
            await session.SaveChangesAsync(cancellationToken);
            return new Choice(Offered(options.Value), wanted);
        }
    }

    public static List<int> Offered(EventsOptions options) => [.. options.ReminderLeads.Select(l => (int)l.TotalMinutes).Distinct().OrderDescending()];

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/events/me/reminders", async (IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(), cancellationToken)))
                .WithSummary("Your event reminders: the minutes before the start the site offers, and those you want (all, until you choose).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPut("/api/events/me/reminders", async (Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command, cancellationToken)))
                .WithSummary("Choose your event reminders among those offered (an empty list turns them off).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
