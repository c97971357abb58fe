namespace OCoP.Modules.Membership.Contracts;

// Integration events about practice groups. Other modules keep what they need of groups (visibility, who holds which
// role) in their own read models, from these events only. Never move them to another namespace once shipped.

/// <summary>Who may see a group. Every module enforces it on every read.</summary>
public enum GroupVisibility
{
    /// <summary>Anyone, including anonymous visitors, can read.</summary>
    Public,

    /// <summary>Listed in the directory; content for members only.</summary>
    MembersOnly,

    /// <summary>Unlisted; reachable only by members and invitees.</summary>
    Secret,
}

/// <summary>The roles of a community of practice. A member may hold several.</summary>
public enum GroupRole
{
    Reader,
    Contributor,
    DomainExpert,
    Facilitator,
    Sponsor,
}

public enum GroupStatus
{
    Active,
    Dormant,
    Archived,
    Closed,
}

/// <summary>
/// A group was created with its charter (version 1). <see cref="SkillsToPractise"/> is the charter's "skills to practise"
/// section, for members' professional-development records: "" when the charter has none; null only in messages written
/// before it was added (then it is not known).
/// </summary>
public sealed record GroupCreated(Guid GroupId, string Slug, string Name, GroupVisibility Visibility, Guid CreatedBy, DateTimeOffset CreatedAt,
    string? SkillsToPractise = null);

/// <summary>
/// A new version of a group's charter. <see cref="SkillsToPractise"/> is that version's "skills to practise" section: ""
/// when it has none; null only in messages written before it was added (then it is not known).
/// </summary>
public sealed record GroupCharterChanged(Guid GroupId, int Version, Guid ChangedBy, DateTimeOffset ChangedAt, string? SkillsToPractise = null);

public sealed record GroupVisibilityChanged(Guid GroupId, GroupVisibility Visibility, DateTimeOffset ChangedAt);

public sealed record MemberJoinedGroup(Guid GroupId, Guid MemberId, IReadOnlyList<GroupRole> Roles, DateTimeOffset JoinedAt);

public sealed record MemberLeftGroup(Guid GroupId, Guid MemberId, DateTimeOffset LeftAt);

public sealed record MemberRemovedFromGroup(Guid GroupId, Guid MemberId, Guid RemovedBy, string Reason, bool Banned, DateTimeOffset RemovedAt);

public sealed record GroupRoleGranted(Guid GroupId, Guid MemberId, GroupRole Role, Guid GrantedBy, DateTimeOffset GrantedAt);

public sealed record GroupRoleRevoked(Guid GroupId, Guid MemberId, GroupRole Role, Guid RevokedBy, DateTimeOffset RevokedAt);

public sealed record CodeOfConductAccepted(Guid GroupId, Guid MemberId, int Version, DateTimeOffset AcceptedAt);

public sealed record GroupStatusChanged(Guid GroupId, GroupStatus Status, DateTimeOffset ChangedAt);

/// <summary>A facilitator approved or declined a request to join; <see cref="Message"/> is theirs to the member.</summary>
public sealed record JoinRequestDecided(Guid GroupId, Guid MemberId, bool Approved, string? Message, DateTimeOffset DecidedAt);

/// <summary>A membership with a term ends soon: time to remind the member to renew.</summary>
public sealed record GroupMembershipExpiring(Guid GroupId, Guid MemberId, DateTimeOffset ExpiresAt);

/// <summary>A membership's term ended without renewal: the member is lapsed (not deleted) and can renew.</summary>
public sealed record GroupMembershipLapsed(Guid GroupId, Guid MemberId, DateTimeOffset LapsedAt);

/// <summary>A new version of a group's code of conduct: its numbered clauses (clause 1 first), cited by moderators.</summary>
public sealed record GroupCodeOfConductPublished(Guid GroupId, int Version, IReadOnlyList<string> Clauses, DateTimeOffset PublishedAt);
