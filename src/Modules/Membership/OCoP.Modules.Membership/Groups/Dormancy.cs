using System.Net;
using Marten;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Dormant groups: an active group with no activity for <c>Groups:DormantAfterDays</c> (90 by default) becomes dormant,
/// and its facilitators and sponsors are told by e-mail. Joins count as activity now; other modules' activity will
/// count once they publish it. Public for Wolverine (docs/adr/0001); the messages are nested so they stay its own.
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class DormancyHandler
{
    public const string JobId = "membership/dormancy-sweep";

    /// <summary>
    /// Look for groups gone quiet. Idempotent. Without a token: one sweep now (tests, operators); with one: the recurring
    /// job's run every <c>Groups:SweepIntervalMinutes</c>, once per period however many hosts run (docs/adr/0012).
    /// </summary>
    public sealed record SweepDormantGroups(int DormantAfterDays)
    {
        public Guid? Token { get; init; }
    }

    /// <summary>Tell one dormant group's facilitators and sponsors; a message of its own, so mail trouble retries alone.</summary>
    public sealed record DormancyNoticeDue(Guid GroupId, DateTimeOffset LastActivityAt);

    public static async Task<OutgoingMessages> Handle(SweepDormantGroups sweep, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (sweep.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => sweep with { Token = next }, now, CancellationToken.None))
        {
            return [];
        }

        var quietSince = now.AddDays(-sweep.DormantAfterDays);
        var quiet = await session.Query<Group>()
            .Where(g => g.Status == GroupStatus.Active && g.LastActivityAt < quietSince)
            .Take(500)
            .ToListAsync();

        var messages = new OutgoingMessages();
        foreach (var group in quiet)
        {
            group.Status = GroupStatus.Dormant;
            session.Store(group);
            messages.Add(new GroupStatusChanged(group.Id, GroupStatus.Dormant, now));
            messages.Add(new DormancyNoticeDue(group.Id, group.LastActivityAt));
        }

        return messages;
    }

    /// <summary>One e-mail request per leader, recorded and sent by Engagement (docs/adr/0013); ids make a redelivery harmless.</summary>
    public static async Task<OutgoingMessages> Handle(DormancyNoticeDue notice, IDocumentSession session, IOptions<SiteOptions> site)
    {
        var emails = new OutgoingMessages();
        var group = await session.LoadAsync<Group>(notice.GroupId);
        if (group is not { Status: GroupStatus.Dormant })
        {
            return emails; // reactivated in the meantime
        }

        var leaderIds = await session.Query<GroupMembership>()
            .Where(m => m.GroupId == group.Id && m.State == GroupMembershipState.Active &&
                        (m.Roles.Contains(GroupRole.Facilitator) || m.Roles.Contains(GroupRole.Sponsor)))
            .Select(m => m.MemberId).ToListAsync();
        var leaders = await session.LoadManyAsync<Member>(leaderIds.ToArray());
        var link = site.Value.Link($"/groups/{group.Slug}");
        foreach (var leader in leaders.Where(l => !l.IsDeleted))
        {
            var text = $"Nothing has happened in {group.Name} since {notice.LastActivityAt:d MMMM yyyy}, so it is now marked dormant.\n\n" +
                       $"A question, an event or a short update is often enough to bring a group back. Facilitators can reactivate it, " +
                       $"and sponsors can archive or close it: {link}\n";
            emails.Add(new SendEmail($"membership/DormancyNotice/{group.Id:N}/{notice.LastActivityAt.UtcTicks}/{leader.Id:N}", leader.Email,
                leader.DisplayName, $"{group.Name} has gone quiet", text, $"<p>{WebUtility.HtmlEncode(text).Replace("\n\n", "</p><p>")}</p>",
                "DormancyNotice", leader.Id));
        }

        return emails;
    }
}
