using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Email;

/// <summary>See and change one's e-mail preferences: a frequency per kind of notification, the digests' time and weekday.</summary>
internal static class EmailSettings
{
    internal sealed record Query : IRequest<View>;

    /// <summary>Kinds left out keep their current frequency.</summary>
    internal sealed record Change(Dictionary<string, string>? Kinds, string? DigestTime, string? WeeklyDay) : IRequest<View>;

    internal sealed record View(
        IReadOnlyDictionary<string, string> Kinds,
        string DigestTime,
        string WeeklyDay,
        string TimeZone,
        bool HasConfirmedEmail,
        DateTimeOffset? NextDailyDigestAt,
        DateTimeOffset? NextWeeklyDigestAt);

    internal sealed class Validator : AbstractValidator<Change>
    {
        public Validator()
        {
            RuleFor(c => c.Kinds).Custom((kinds, context) =>
            {
                foreach (var (kind, frequency) in kinds ?? [])
                {
                    if (!Enum.TryParse<NotificationKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k) || int.TryParse(kind, out _))
                    {
                        context.AddFailure("kinds", $"'{kind}' is not a kind of notification.");
                    }
                    else if (!Enum.TryParse<EmailFrequency>(frequency, ignoreCase: true, out var f) || !Enum.IsDefined(f) || int.TryParse(frequency, out _))
                    {
                        context.AddFailure("kinds", $"'{frequency}' for {kind}: choose Immediately, DailyDigest, WeeklyDigest or Never.");
                    }
                }
            });
            RuleFor(c => c.DigestTime).Must(t => TimeOnly.TryParseExact(t, "HH:mm", out _))
                .When(c => c.DigestTime is not null).WithMessage("Give a time of day as HH:mm, such as 08:00.");
            RuleFor(c => c.WeeklyDay).Must(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out var day) && Enum.IsDefined(day) && !int.TryParse(d, out _))
                .When(c => c.WeeklyDay is not null).WithMessage("Give a day of the week, such as Monday.");
        }
    }

    internal sealed class QueryHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var preferences = await EmailPreferences.LoadAsync(session, me.Id, cancellationToken);
            var person = await session.LoadAsync<Recipient>(me.Id, cancellationToken);
            var schedules = await session.LoadManyAsync<DigestSchedule>(cancellationToken,
                DigestSchedule.IdFor(me.Id, EmailFrequency.DailyDigest), DigestSchedule.IdFor(me.Id, EmailFrequency.WeeklyDigest));
            return ViewOf(preferences, person, schedules);
        }
    }

    internal sealed class ChangeHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Change, View>
    {
        public async Task<View> Handle(Change change, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            await using var session = sessions.OpenSession(bus);
            var now = clock.GetUtcNow();
            var preferences = await RowLocks.LoadForUpdateAsync<EmailPreferences>(session, memberId, cancellationToken) ?? EmailPreferences.Defaults(memberId);
            foreach (var (kind, frequency) in change.Kinds ?? [])
            {
                preferences.Kinds[Enum.Parse<NotificationKind>(kind, ignoreCase: true)] = Enum.Parse<EmailFrequency>(frequency, ignoreCase: true);
            }

            if (change.DigestTime is { } time)
            {
                preferences.DigestTime = TimeOnly.ParseExact(time, "HH:mm");
            }

            if (change.WeeklyDay is { } day)
            {
                preferences.WeeklyDay = Enum.Parse<DayOfWeek>(day, ignoreCase: true);
            }

            preferences.UpdatedAt = now;
            session.Store(preferences);
            var person = await session.LoadAsync<Recipient>(memberId, cancellationToken);
            var schedules = new List<DigestSchedule>();
            foreach (var frequency in DigestPlan.Frequencies)
            {
                schedules.Add(await DigestPlan.RescheduleAsync(session, bus, preferences, person, frequency, now, cancellationToken));
            }

            await session.SaveChangesAsync(cancellationToken);
            return ViewOf(preferences, person, schedules);
        }
    }

    private static View ViewOf(EmailPreferences preferences, Recipient? person, IEnumerable<DigestSchedule> schedules)
    {
        var next = schedules.ToDictionary(s => s.Frequency, s => s.NextDueAt);
        return new View(
            Enum.GetValues<NotificationKind>().ToDictionary(k => k.ToString(), k => preferences.For(k).ToString()),
            preferences.DigestTime.ToString("HH:mm"),
            preferences.WeeklyDay.ToString(),
            person?.TimeZone ?? "UTC",
            person?.Email is not null,
            preferences.Uses(EmailFrequency.DailyDigest) ? next.GetValueOrDefault(EmailFrequency.DailyDigest) : null,
            preferences.Uses(EmailFrequency.WeeklyDigest) ? next.GetValueOrDefault(EmailFrequency.WeeklyDigest) : null);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/engagement/email-preferences", (IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(), cancellationToken))
                .WithSummary("Your e-mail preferences: per kind of notification Immediately, DailyDigest, WeeklyDigest or Never; digest time (HH:mm, your time zone) and weekly day.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/engagement/email-preferences", (Change change, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(change, cancellationToken))
                .WithSummary("Change your e-mail preferences; kinds left out keep their frequency.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
