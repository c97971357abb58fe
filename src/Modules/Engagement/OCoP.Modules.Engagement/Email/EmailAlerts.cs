using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Notifications;
using Wolverine;
using Wolverine.Marten;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Email;

/// <summary>
/// E-mail driven by notifications: right after notifications are written (published with their transaction by
/// <see cref="NotificationWriter"/>), members who want that kind immediately get an alert, and members who want it in a
/// digest get their digest schedule started if it was not. Each alert is recorded first (one per notification and event
/// count, so a redelivery finds it and sends nothing) and sent by <see cref="EmailDeliveryHandler"/>.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class EmailAlertsHandler
{
    public sealed record NotificationsWritten(IReadOnlyList<Guid> NotificationIds);

    public static async Task<IEnumerable<EmailDeliveryHandler.DeliverEmail>> Handle(NotificationsWritten written, IDocumentSession session, IMessageContext bus,
        TimeProvider clock, IDataProtectionProvider protection, IConfiguration configuration, IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        var ids = written.NotificationIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var notifications = (await session.LoadManyAsync<Notification>(cancellationToken, ids)).Where(n => n.ReadAt is null).ToList();
        var members = notifications.Select(n => n.MemberId).Distinct().ToArray();
        if (members.Length == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var preferences = (await session.LoadManyAsync<EmailPreferences>(cancellationToken, members)).ToDictionary(p => p.Id);
        var people = (await session.LoadManyAsync<Recipient>(cancellationToken, members)).ToDictionary(p => p.Id);
        EmailPreferences PreferencesOf(Guid member) => preferences.GetValueOrDefault(member) ?? EmailPreferences.Defaults(member);

        // Digests: make sure each member waiting for one has it scheduled (one query for all).
        var waiting = notifications.Where(n => !n.Important).Select(n => (n.MemberId, Frequency: PreferencesOf(n.MemberId).For(n.Kind)))
            .Where(p => p.Frequency is EmailFrequency.DailyDigest or EmailFrequency.WeeklyDigest).Distinct()
            .Select(p => (PreferencesOf(p.MemberId), people.GetValueOrDefault(p.MemberId), p.Frequency)).ToList();
        await DigestPlan.EnsureScheduledAsync(session, bus, waiting, now, cancellationToken);

        var alerts = notifications
            // An important announcement goes to everyone at once, whatever they chose (at most one a week per group).
            .Where(n => n.Important || PreferencesOf(n.MemberId).For(n.Kind) == EmailFrequency.Immediately)
            .Where(n => people.GetValueOrDefault(n.MemberId) is { Email: not null, Deleted: false })
            .ToList();
        if (alerts.Count == 0)
        {
            return [];
        }

        // Visibility again at send time (two queries): who left a members-only or secret group meanwhile gets no e-mail from it.
        var inGroups = alerts.Where(n => n.GroupId is not null).Select(n => (n.GroupId!.Value, n.MemberId)).ToList();
        if (inGroups.Count > 0)
        {
            var readable = await GroupReaders.ReadablePairsAsync(session, inGroups, cancellationToken);
            alerts.RemoveAll(n => n.GroupId is { } g && !readable.Contains((g, n.MemberId)));
        }

        var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, alerts.Select(n => n.MemberId).Distinct().ToArray()))
            .ToDictionary(m => m.Id, m => m.Name);
        var links = new UnsubscribeLinks(protection, clock, site, configuration);
        var alertIds = alerts.Select(n => OutgoingEmail.AlertId(n.Id, n.Count)).ToArray();
        var recorded = (await session.LoadManyAsync<OutgoingEmail>(cancellationToken, alertIds)).Select(e => e.Id).ToHashSet();
        var sends = new List<EmailDeliveryHandler.DeliverEmail>();
        foreach (var notification in alerts)
        {
            var id = OutgoingEmail.AlertId(notification.Id, notification.Count);
            if (recorded.Contains(id))
            {
                continue; // this event was e-mailed (or is being): a redelivery sends nothing
            }

            var email = new OutgoingEmail
            {
                Id = id,
                MemberId = notification.MemberId,
                Purpose = notification.Kind.ToString(),
                CreatedAt = now,
                Items = 1,
            };
            EmailComposer.Fill(email, people[notification.MemberId], names.GetValueOrDefault(notification.MemberId, MemberNames.FormerMember), AlertComposer.Compose(notification, site.Value),
                links.For(notification.MemberId, notification.Kind), site.Value);
            session.Insert(email); // of two deliveries racing, the loser fails, runs again and finds it recorded
            sends.Add(new EmailDeliveryHandler.DeliverEmail(id));
        }

        return sends;
    }
}

/// <summary>What one alert says: who did what, where, the excerpt, and the link to it.</summary>
internal static class AlertComposer
{
    public static ComposedEmail Compose(Notification notification, SiteOptions site)
    {
        var actor = notification.ActorNames.LastOrDefault() ?? "Someone";
        var title = notification.Title;
        var subject = notification.Kind switch
        {
            NotificationKind.Mentioned => $"{actor} mentioned you in \"{title}\"",
            NotificationKind.RepliedTo => $"{actor} replied to you in \"{title}\"",
            NotificationKind.Quoted => $"{actor} quoted you in \"{title}\"",
            NotificationKind.AnswerAccepted => $"Your answer was accepted in \"{title}\"",
            NotificationKind.ContributionRecognised => $"{actor} recognised your post in \"{title}\"",
            NotificationKind.WatchedTopicPost => $"New post by {actor} in \"{title}\"",
            NotificationKind.PrivateMessage => $"{actor} sent you a message: \"{title}\"",
            NotificationKind.Announcement when notification.Important => $"Important announcement from {actor}: \"{title}\"",
            NotificationKind.Announcement => $"Announcement from {actor}: \"{title}\"",
            _ => title,
        };
        var link = site.Link(notification.Path);
        var encode = HtmlEncoder.Default;
        var text = $"{subject}\n\n{(notification.Excerpt is { Length: > 0 } excerpt ? excerpt + "\n\n" : "")}Open it: {link}\n";
        var html = $"<p>{encode.Encode(subject)}</p>" +
            (notification.Excerpt is { Length: > 0 } quote ? $"<blockquote>{encode.Encode(quote)}</blockquote>" : "") +
            $"<p><a href=\"{encode.Encode(link)}\">Open it on {encode.Encode(site.Name)}</a></p>";
        return new ComposedEmail($"[{site.Name}] {subject}", text, html);
    }
}
