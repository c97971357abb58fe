using System.Globalization;
using System.Net;
using System.Text;
using Marten;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Knowledge.Curation;

/// <summary>
/// The weekly summary of stale wiki pages for each group's curators (domain experts, facilitators, sponsors): a
/// recurring job (docs/adr/0012, once per cluster) that hands each group with stale pages to a message of its own, which
/// asks Engagement to send one e-mail per curator through the one e-mail path (docs/adr/0013). Public for Wolverine.
/// </summary>
[MartenStore(typeof(IKnowledgeStore))]
public static class StaleSummaryHandler
{
    public const string JobId = "knowledge/stale-summary";
    private const int PagesListed = 50;

    /// <summary>Without a token: one pass now (tests, operators); with one: the recurring job's run.</summary>
    public sealed record SummariseStalePages(int ReviewAfterDays)
    {
        public Guid? Token { get; init; }
    }

    /// <summary>Tell one group's curators; the period names the e-mails, so a redelivery sends nothing twice.</summary>
    public sealed record StaleSummaryDue(Guid GroupId, DateTimeOffset StaleBefore, string Period);

    public static async Task<OutgoingMessages> Handle(SummariseStalePages sweep, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (sweep.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => sweep with { Token = next }, now, CancellationToken.None))
        {
            return [];
        }

        var staleBefore = now.AddDays(-sweep.ReviewAfterDays);
        var groups = await session.Query<WikiPage>().Where(p => p.ReviewedAt < staleBefore).Select(p => p.GroupId).Distinct().ToListAsync();
        var period = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var messages = new OutgoingMessages();
        messages.AddRange(groups.Select(g => new StaleSummaryDue(g, staleBefore, period)));
        return messages;
    }

    public static async Task<OutgoingMessages> Handle(StaleSummaryDue due, IDocumentSession session, IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        var emails = new OutgoingMessages();
        var group = await session.LoadAsync<GroupFacts>(due.GroupId, cancellationToken);
        if (group is not { IsKnown: true } || group.Status is GroupStatus.Archived or GroupStatus.Closed)
        {
            return emails;
        }

        var stale = await session.Query<WikiPage>().Where(p => p.GroupId == due.GroupId && p.ReviewedAt < due.StaleBefore)
            .OrderBy(p => p.ReviewedAt).Take(PagesListed + 1).ToListAsync(cancellationToken);
        if (stale.Count == 0)
        {
            return emails; // reviewed in the meantime
        }

        var curators = await session.Query<MembershipFacts>()
            .Where(m => m.GroupId == due.GroupId && m.Active &&
                        (m.Roles.Contains(GroupRole.DomainExpert) || m.Roles.Contains(GroupRole.Facilitator) || m.Roles.Contains(GroupRole.Sponsor)))
            .Select(m => m.MemberId).ToListAsync(cancellationToken);
        var addresses = await session.LoadManyAsync<CuratorAddress>(cancellationToken, curators.ToArray());
        var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, curators.ToArray())).ToDictionary(m => m.Id);
        var (text, html) = Compose(group, stale, site.Value);
        var subject = $"{Math.Min(stale.Count, PagesListed)}{(stale.Count > PagesListed ? "+" : "")} wiki pages of {group.Name} are due for review";
        foreach (var address in addresses)
        {
            if (names.GetValueOrDefault(address.Id) is { Deleted: false } member)
            {
                emails.Add(new SendEmail($"knowledge/StaleSummary/{group.Id:N}/{due.Period}/{member.Id:N}", address.Email, member.Name, subject, text, html,
                    "StaleWikiSummary", member.Id));
            }
        }

        return emails;
    }

    private static (string Text, string Html) Compose(GroupFacts group, IReadOnlyList<WikiPage> stale, SiteOptions site)
    {
        var text = new StringBuilder($"These pages of the {group.Name} wiki have not been reviewed for a while. Read each one, then mark it reviewed or edit it:\n\n");
        var html = new StringBuilder($"<p>These pages of the {WebUtility.HtmlEncode(group.Name)} wiki have not been reviewed for a while. " +
                                     "Read each one, then mark it reviewed or edit it:</p><ul>");
        foreach (var page in stale.Take(PagesListed))
        {
            var link = site.Link(WikiPaths.Page(group.Slug, page.Slug));
            text.Append(CultureInfo.InvariantCulture, $"- {page.Title} (last reviewed {page.ReviewedAt:d MMMM yyyy}): {link}\n");
            html.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(page.Title)}</a>, last reviewed {page.ReviewedAt:d MMMM yyyy}</li>");
        }

        var all = site.Link($"{WikiPaths.Wiki(group.Slug)}?stale=true");
        text.Append(CultureInfo.InvariantCulture, $"\nEvery page due for review: {all}\n");
        html.Append(CultureInfo.InvariantCulture, $"</ul><p><a href=\"{WebUtility.HtmlEncode(all)}\">Every page due for review</a></p>");
        return (text.ToString(), html.ToString());
    }
}
