using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// A practice group as this module knows it: what the Membership module's events said (name, visibility, status, the
/// code of conduct's clauses) plus the forum's own settings and counters. Never written from Membership's store.
/// </summary>
internal sealed class ForumGroup
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public GroupVisibility Visibility { get; set; }
    public GroupStatus Status { get; set; } = GroupStatus.Active;
    public int CodeOfConductVersion { get; set; }
    public List<string> CodeOfConductClauses { get; set; } = [];

    /// <summary>The last topic number handed out; topics are numbered 1, 2, 3… within their group for short, stable links.</summary>
    public int LastTopicNumber { get; set; }

    public List<Category> Categories { get; set; } = [];

    /// <summary>Close topics with no new post for this many days; null keeps them open.</summary>
    public int? AutoCloseAfterIdleDays { get; set; }

    /// <summary>Distinct flaggers that hide a post until review; null uses the site default.</summary>
    public int? FlagThreshold { get; set; }

    public bool IsReadOnly => Status is GroupStatus.Archived or GroupStatus.Closed;
}

internal sealed record Category(Guid Id, string Name, string Slug, string? Description, int Position);

/// <summary>One member in one group, from Membership's events. Id is <c>{groupId:N}/{memberId:N}</c>.</summary>
internal sealed class ForumMember
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public bool Active { get; set; }
    public List<GroupRole> Roles { get; set; } = [];
    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>When the last join or departure happened, to ignore one that arrives after a later one.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}

/// <summary>A member's public name and @handle, from Membership's member events; authors are shown by it.</summary>
internal sealed class ForumAuthor
{
    public const string FormerMember = "Former member";

    public Guid Id { get; set; }
    public string DisplayName { get; set; } = "";

    /// <summary>The name as written after @: lower case, letters and digits, other runs become one underscore.</summary>
    public string Handle { get; set; } = "";

    public static string HandleFor(string displayName)
    {
        var builder = new System.Text.StringBuilder(displayName.Length);
        foreach (var c in displayName.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }
}
