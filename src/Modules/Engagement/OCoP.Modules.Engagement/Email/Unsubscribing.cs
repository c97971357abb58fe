using System.Security.Cryptography;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten.Publishing;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Email;

/// <summary>What one unsubscribe link stops: one kind of alert, a digest, or every e-mail.</summary>
internal enum UnsubscribeScope
{
    Kind,
    Daily,
    Weekly,
    All,
}

internal sealed record UnsubscribeTicket(Guid MemberId, UnsubscribeScope Scope, NotificationKind? Kind, DateTimeOffset ExpiresAt)
{
    public string Describe() => Scope switch
    {
        UnsubscribeScope.Kind => $"e-mails about {Labels.Of(Kind!.Value)}",
        UnsubscribeScope.Daily => "the daily digest",
        UnsubscribeScope.Weekly => "the weekly digest",
        _ => "every e-mail alert and digest",
    };
}

/// <summary>
/// Signed, expiring one-click unsubscribe links (RFC 8058). The token is the member, the scope and an expiry, protected
/// by ASP.NET Core Data Protection (authenticated encryption with the host's key ring): changing one character makes it
/// unreadable. The expiry is checked against the app's clock (<c>Engagement:UnsubscribeLinkDays</c>, 60 by default).
/// </summary>
internal sealed class UnsubscribeLinks(IDataProtectionProvider protection, TimeProvider clock, IOptions<SiteOptions> site, IConfiguration configuration)
{
    public const string Path = "/api/engagement/unsubscribe";
    public const string LifetimeSetting = $"{EngagementOptions.Section}:UnsubscribeLinkDays";
    private readonly IDataProtector protector = protection.CreateProtector("OCoP.Engagement.Unsubscribe.v1");

    public string For(Guid memberId, UnsubscribeScope scope, NotificationKind? kind = null) =>
        site.Value.Link($"{Path}?token={Uri.EscapeDataString(Token(memberId, scope, kind))}");

    public string For(Guid memberId, NotificationKind kind) => For(memberId, UnsubscribeScope.Kind, kind);

    public string Token(Guid memberId, UnsubscribeScope scope, NotificationKind? kind = null)
    {
        var expires = clock.GetUtcNow().AddDays(configuration.GetValue(LifetimeSetting, 60)).ToUnixTimeSeconds();
        return protector.Protect($"{memberId:N}|{scope}|{kind}|{expires}");
    }

    /// <summary>The ticket in a token; a 400 problem when it was tampered with, a 410 when it expired.</summary>
    public UnsubscribeTicket Read(string? token)
    {
        string payload;
        try
        {
            payload = protector.Unprotect(token ?? "");
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            throw ProblemException.Invalid("token", "This unsubscribe link is not valid: it may have been cut or changed.");
        }

        var parts = payload.Split('|');
        if (parts.Length != 4 || !Guid.TryParse(parts[0], out var memberId) || !Enum.TryParse<UnsubscribeScope>(parts[1], out var scope)
            || !long.TryParse(parts[3], out var expires))
        {
            throw ProblemException.Invalid("token", "This unsubscribe link is not valid.");
        }

        NotificationKind? kind = Enum.TryParse<NotificationKind>(parts[2], out var k) ? k : null;
        var ticket = new UnsubscribeTicket(memberId, scope, kind, DateTimeOffset.FromUnixTimeSeconds(expires));
        if (ticket.ExpiresAt <= clock.GetUtcNow())
        {
            throw ProblemException.Gone("This unsubscribe link has expired. Change what you receive from your e-mail preferences page.");
        }

        if (scope == UnsubscribeScope.Kind && kind is null)
        {
            throw ProblemException.Invalid("token", "This unsubscribe link is not valid.");
        }

        return ticket;
    }
}

/// <summary>One-click unsubscribe: anonymous (the signed token is the authority), idempotent, sets the frequencies to Never.</summary>
internal static class Unsubscribing
{
    internal sealed record Command(string? Token) : IRequest<Result>;

    internal sealed record Result(string Unsubscribed);

    /// <summary>Reads a link without acting on it: what the confirmation page shows.</summary>
    internal sealed record Inspect(string? Token) : IRequest<Result>;

    internal sealed class InspectHandler(UnsubscribeLinks links) : IRequestHandler<Inspect, Result>
    {
        public Task<Result> Handle(Inspect inspect, CancellationToken cancellationToken) => Task.FromResult(new Result(links.Read(inspect.Token).Describe()));
    }

    internal sealed class Handler(UnsubscribeLinks links, OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var ticket = links.Read(command.Token);
            await using var session = sessions.OpenSession(bus);
            var now = clock.GetUtcNow();
            var preferences = await RowLocks.LoadForUpdateAsync<EmailPreferences>(session, ticket.MemberId, cancellationToken)
                ?? EmailPreferences.Defaults(ticket.MemberId);
            foreach (var kind in Enum.GetValues<NotificationKind>())
            {
                var frequency = preferences.For(kind);
                var stop = ticket.Scope switch
                {
                    UnsubscribeScope.Kind => kind == ticket.Kind,
                    UnsubscribeScope.Daily => frequency == EmailFrequency.DailyDigest,
                    UnsubscribeScope.Weekly => frequency == EmailFrequency.WeeklyDigest,
                    _ => true,
                };
                if (stop)
                {
                    preferences.Kinds[kind] = EmailFrequency.Never;
                }
            }

            preferences.UpdatedAt = now;
            session.Store(preferences);
            var person = await session.LoadAsync<Recipient>(ticket.MemberId, cancellationToken);
            foreach (var frequency in DigestPlan.Frequencies)
            {
                await DigestPlan.RescheduleAsync(session, bus, preferences, person, frequency, now, cancellationToken);
            }

            await session.SaveChangesAsync(cancellationToken);
            return new Result(ticket.Describe());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public const string OneClick = "One-Click";

        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost(UnsubscribeLinks.Path, async (string? token, HttpRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
                    if (form?["List-Unsubscribe"].ToString() != OneClick)
                    {
                        throw ProblemException.Invalid("List-Unsubscribe", "Send the form field List-Unsubscribe=One-Click (RFC 8058).");
                    }

                    return await mediator.Send(new Command(token), cancellationToken);
                })
                .WithSummary("One-click unsubscribe (RFC 8058): POST the link from an e-mail's List-Unsubscribe header with the form body List-Unsubscribe=One-Click.")
                .AllowAnonymous()
                .DisableAntiforgery();

            // A mail client or a link checker may open the link: a GET never unsubscribes, it shows a confirmation page.
            app.MapGet(UnsubscribeLinks.Path, (string? token) => Results.Redirect($"/email/unsubscribe?token={Uri.EscapeDataString(token ?? "")}"))
                .WithSummary("Opens the unsubscribe confirmation page (a GET changes nothing).")
                .Produces(StatusCodes.Status302Found)
                .AllowAnonymous();
        }
    }
}

/// <summary>Words for the kinds of notification, in e-mails and on the preferences page.</summary>
internal static class Labels
{
    public static string Of(NotificationKind kind) => kind switch
    {
        NotificationKind.Mentioned => "mentions of you",
        NotificationKind.RepliedTo => "replies to your posts",
        NotificationKind.Quoted => "quotes of your posts",
        NotificationKind.AnswerAccepted => "your answers being accepted",
        NotificationKind.WatchedTopicPost => "new posts in topics you watch",
        NotificationKind.JoinRequestDecided => "decisions on your join requests",
        NotificationKind.RoleGranted => "roles given to you",
        NotificationKind.MembershipExpiring => "memberships about to end",
        NotificationKind.PrivateMessage => "private messages",
        NotificationKind.EventSeatOffered => "seats offered from an event's waiting list",
        NotificationKind.EventChanged => "changes to events you are going to",
        NotificationKind.EventCancelled => "cancelled events you were going to",
        NotificationKind.EventReminder => "reminders of events you are going to",
        NotificationKind.WatchedKnowledge => "changes to wiki pages, blogs and resources you watch",
        NotificationKind.Announcement => "announcements from your groups' facilitators and sponsors (important ones are always e-mailed)",
        NotificationKind.ContributionRecognised => "your posts being recognised by a facilitator or sponsor",
        NotificationKind.BadgeEarned => "badges you earn in your groups",
        _ => kind.ToString(),
    };

    public static string Of(EmailFrequency frequency) => frequency switch
    {
        EmailFrequency.Immediately => "Immediately",
        EmailFrequency.DailyDigest => "In the daily digest",
        EmailFrequency.WeeklyDigest => "In the weekly digest",
        _ => "Never",
    };
}
