using Marten;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Engagement.Community;

/// <summary>
/// A member as this module knows them, from Membership's events: the name shown in feeds and notifications, and what
/// e-mail needs (the confirmed address and the time zone digests are sent in). Forgotten on deletion.
/// </summary>
internal sealed class Person
{
    public const string FormerMember = "Former member";

    public Guid Id { get; set; }
    public string DisplayName { get; set; } = "";

    /// <summary>Null until the member confirms an address: nothing is e-mailed to an unconfirmed one.</summary>
    public string? Email { get; set; }

    /// <summary>An IANA time zone id, such as <c>Europe/Paris</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public bool Deleted { get; set; }

    /// <summary>When the name and time zone were last set, to ignore an older event that arrives after a newer one.</summary>
    public DateTimeOffset ProfileChangedAt { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>A practice group as this module knows it, from Membership's events: enough to link to it and to enforce its visibility.</summary>
internal sealed class CommunityGroup
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public GroupVisibility Visibility { get; set; }
    public GroupStatus Status { get; set; } = GroupStatus.Active;
}

/// <summary>One member in one group, from Membership's events. Id is <c>{groupId:N}/{memberId:N}</c>.</summary>
internal sealed class GroupMember
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public bool Active { get; set; }
    public List<GroupRole> Roles { get; set; } = [];

    /// <summary>When the last join or departure happened, to ignore one that arrives after a later one.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}

/// <summary>
/// Who may read what came from a group, decided when it is read (never when it was written): a member who leaves a
/// members-only or secret group stops seeing its items at once. Public groups' items are for everyone.
/// </summary>
internal static class Audience
{
    /// <summary>The groups the member belongs to now; empty for a visitor.</summary>
    public static async Task<HashSet<Guid>> GroupsOfAsync(IQuerySession session, Guid? memberId, CancellationToken cancellationToken)
    {
        if (memberId is not { } id)
        {
            return [];
        }

        var groups = await session.Query<GroupMember>().Where(m => m.MemberId == id && m.Active).Select(m => m.GroupId).ToListAsync(cancellationToken);
        return [.. groups];
    }

    /// <summary>The groups whose items the reader may see, out of those given (one query).</summary>
    public static async Task<HashSet<Guid>> ReadableAsync(IQuerySession session, IEnumerable<Guid> groupIds, IReadOnlySet<Guid> readersGroups,
        CancellationToken cancellationToken)
    {
        var ids = groupIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var groups = await session.LoadManyAsync<CommunityGroup>(cancellationToken, ids);
        return [.. groups.Where(g => CanRead(g, readersGroups)).Select(g => g.Id)];
    }

    public static bool CanRead(CommunityGroup group, IReadOnlySet<Guid> readersGroups) =>
        group.Visibility == GroupVisibility.Public || readersGroups.Contains(group.Id);
}
