using System.Text.RegularExpressions;
using Marten;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

/// <summary>The members a text names, in a group: by @handle, or by role (@facilitators), and the links their handles become.</summary>
public sealed record Mentioned(IReadOnlyList<Guid> MemberIds, IReadOnlyDictionary<string, Guid> Links);

/// <summary>
/// Mentions, once for every module that writes member text (forum posts, chat messages): which members a text names in a
/// group, over the group-access replica, and how a resolved @handle is rendered (a link to the member's profile).
/// </summary>
public static partial class MemberMentions
{
    /// <summary>@facilitators and friends: mentions that reach every member holding a role in the group.</summary>
    public static readonly IReadOnlyDictionary<string, GroupRole> RoleMentions = new Dictionary<string, GroupRole>
    {
        ["facilitators"] = GroupRole.Facilitator,
        ["sponsors"] = GroupRole.Sponsor,
        ["experts"] = GroupRole.DomainExpert,
        ["domain_experts"] = GroupRole.DomainExpert,
    };

    /// <summary>The active members of the group a text names, by @handle or by role. Never the author.</summary>
    public static async Task<Mentioned> ResolveAsync(IQuerySession session, Guid groupId, Guid authorId, string source, CancellationToken cancellationToken)
    {
        var handles = MentionPattern().Matches(source).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().Take(50).ToList();
        if (handles.Count == 0)
        {
            return new Mentioned([], new Dictionary<string, Guid>());
        }

        var named = handles.Where(h => !RoleMentions.ContainsKey(h)).ToArray();
        var authors = named.Length == 0
            ? []
            : await session.Query<MemberFacts>().Where(a => a.Handle.IsOneOf(named)).Take(200).ToListAsync(cancellationToken);
        var memberships = authors.Count == 0
            ? []
            : await session.LoadManyAsync<MembershipFacts>(cancellationToken, authors.Select(a => MembershipFacts.IdFor(groupId, a.Id)).ToArray());
        var inGroup = memberships.Where(m => m.Active).Select(m => m.MemberId).ToHashSet();
        var links = authors.Where(a => inGroup.Contains(a.Id)).GroupBy(a => a.Handle).ToDictionary(g => g.Key, g => g.First().Id);

        var ids = new HashSet<Guid>(inGroup);
        foreach (var role in handles.Where(RoleMentions.ContainsKey).Select(h => RoleMentions[h]).Distinct())
        {
            var holders = await session.Query<MembershipFacts>()
                .Where(m => m.GroupId == groupId && m.Active && m.Roles.Contains(role))
                .Select(m => m.MemberId).Take(500).ToListAsync(cancellationToken);
            ids.UnionWith(holders);
        }

        ids.Remove(authorId);
        return new Mentioned([.. ids], links);
    }

    /// <summary>Renders a text: each resolved @handle becomes a link to the member's profile, then the safe renderer.</summary>
    public static string Render(MarkdownRenderer markdown, string source, Mentioned mentioned)
    {
        var linked = mentioned.Links.Count == 0
            ? source
            : MentionPattern().Replace(source, match =>
                mentioned.Links.TryGetValue(match.Groups[1].Value.ToLowerInvariant(), out var id)
                    ? $"[@{match.Groups[1].Value}](/members/{id})"
                    : match.Value);
        return markdown.ToSafeHtml(linked);
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_@/.])@([\p{L}\p{Nd}_]{2,40})")]
    private static partial Regex MentionPattern();
}
