using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Engagement.Activity;
using OCoP.Modules.Engagement.Email;
using OCoP.Modules.Engagement.Live;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Announcements;

/// <summary>
/// Tells the group of an announcement: an in-app notification for every active member but its author (never a banned
/// or departed one), then, through <see cref="EmailAlertsHandler"/>, the e-mail alert of the one e-mail path — as each
/// member's preference for announcements says, or to all of them for an important one (still only to a confirmed
/// address). Each notification's id comes from the announcement and the member, so a redelivery writes and e-mails
/// nothing twice. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class AnnouncementFanOutHandler
{
    /// <summary>Published with the announcement, in its transaction.</summary>
    public sealed record AnnouncementPosted(Guid AnnouncementId);

    private const int ExcerptLength = 300;

    public static async Task Handle(AnnouncementPosted posted, IDocumentSession session, IMessageContext bus, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var announcement = await session.LoadAsync<Announcement>(posted.AnnouncementId, cancellationToken);
        var group = announcement is null ? null : await session.LoadAsync<GroupFacts>(announcement.GroupId, cancellationToken);
        if (announcement is null || group is null)
        {
            return;
        }

        var groupId = group.Id;
        var path = GroupAnnouncements.PathOf(group.Slug, announcement.Id);
        var excerpt = announcement.Source.Length > ExcerptLength ? announcement.Source[..ExcerptLength] + "…" : announcement.Source;

        // In the group's stream and its followers' feeds, once (the recorder finds the item on a redelivery).
        await ActivityRecorder.RecordAsync(session, new ActivityDraft($"announcement/{announcement.Id:N}", announcement.AuthorId, groupId,
            ActivityVerb.Announced, announcement.Title, excerpt, path, [announcement.Id], [], announcement.CreatedAt), BatchSize(configuration), cancellationToken);

        var members = await session.Query<MembershipFacts>().Where(m => m.GroupId == groupId && m.Active && !m.Banned)
            .Select(m => m.MemberId).ToListAsync(cancellationToken);
        var recipients = members.Where(m => m != announcement.AuthorId).Distinct().ToDictionary(m => m, m => NotificationIdFor(announcement.Id, m));
        if (recipients.Count == 0)
        {
            return;
        }

        var written = (await session.LoadManyAsync<Notification>(cancellationToken, recipients.Values.ToArray())).Select(n => n.Id).ToHashSet();
        var author = await session.LoadAsync<MemberFacts>(announcement.AuthorId, cancellationToken);
        var fresh = recipients.Where(r => !written.Contains(r.Value)).Select(r => new Notification
        {
            Id = r.Value,
            MemberId = r.Key,
            Kind = NotificationKind.Announcement,
            GroupingKey = $"announcement:{announcement.Id:N}",
            GroupId = groupId,
            Title = $"{group.Name}: {announcement.Title}",
            Path = path,
            Excerpt = excerpt,
            ActorNames = [MemberFacts.NameOf(author)],
            ActorIds = [announcement.AuthorId],
            Important = announcement.Important,
            CreatedAt = announcement.CreatedAt,
            UpdatedAt = announcement.CreatedAt,
        }).ToArray();
        if (fresh.Length == 0)
        {
            return; // delivered again after it was done: nothing more
        }

        // Insert: of two deliveries racing, the loser fails on the key, runs again and finds them written.
        session.Insert(fresh);
        await bus.PublishAsync(new EmailAlertsHandler.NotificationsWritten([.. fresh.Select(n => n.Id)]));
        await bus.PublishAsync(new LiveUpdatesHandler.UnreadChanged([.. fresh.Select(n => n.MemberId)]));
    }

    private static int BatchSize(IConfiguration configuration) =>
        configuration.GetSection(EngagementOptions.Section).GetValue<int?>(nameof(EngagementOptions.FanOutBatchSize)) ?? new EngagementOptions().FanOutBatchSize;

    /// <summary>The one notification of one announcement for one member.</summary>
    internal static Guid NotificationIdFor(Guid announcementId, Guid memberId) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"announcement:{announcementId:N}/{memberId:N}")));
}
