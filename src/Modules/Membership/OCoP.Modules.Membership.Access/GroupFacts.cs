using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Access;

// The replica documents: what a module keeps of Membership's groups, memberships and member names, in ITS OWN schema,
// written only by GroupAccessReplica from Membership's integration events (never from Membership's store).

/// <summary>A practice group as a module's replica knows it.</summary>
public sealed class GroupFacts
{
    public Guid Id { get; set; }

    /// <summary>Empty until <see cref="GroupCreated"/> arrives (a later event may overtake it and start the document).</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";
    public GroupVisibility Visibility { get; set; }
    public GroupStatus Status { get; set; } = GroupStatus.Active;

    /// <summary>When visibility and status were last set, to ignore an older event that arrives after a newer one.</summary>
    public DateTimeOffset VisibilityChangedAt { get; set; }

    public DateTimeOffset StatusChangedAt { get; set; }

    public bool IsKnown => Slug.Length > 0;
}

/// <summary>One member in one group. Id is <c>{groupId:N}/{memberId:N}</c>.</summary>
public sealed class MembershipFacts
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public bool Active { get; set; }
    public List<GroupRole> Roles { get; set; } = [];
    public bool Banned { get; set; }
    public bool Lapsed { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }

    /// <summary>When the last join or departure happened, to ignore one that arrives after a later one.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}

/// <summary>A member's public name and @handle. Deleted wins over every profile event, earlier or later.</summary>
public sealed class MemberFacts
{
    public Guid Id { get; set; }
    public string DisplayName { get; set; } = "";

    /// <summary>Empty for a deleted member: nobody can mention them any more.</summary>
    public string Handle { get; set; } = "";

    public bool Deleted { get; set; }

    /// <summary>When the name was last set, to ignore an older profile event that arrives after a newer one.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The name to show: <see cref="MemberNames.FormerMember"/> once deleted.</summary>
    public string Name => Deleted || DisplayName.Length == 0 ? MemberNames.FormerMember : DisplayName;

    /// <summary>The name to show for a member id, whether or not the replica knows them.</summary>
    public static string NameOf(MemberFacts? member) => member?.Name ?? MemberNames.FormerMember;
}
