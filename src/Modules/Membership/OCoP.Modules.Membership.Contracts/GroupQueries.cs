namespace OCoP.Modules.Membership.Contracts;

// In-process queries other modules may ask Membership (through Wolverine's IMessageBus.InvokeAsync), for the moments
// when their replica may be behind: a member's own write right after Membership answered them (docs/adr/0010).

/// <summary>The id of the group with this slug right now, from Membership's own documents (answered with <see cref="GroupIdBySlug"/>).</summary>
public sealed record GetGroupIdBySlug(string Slug);

/// <summary>The answer to <see cref="GetGroupIdBySlug"/>: null when no group has the slug.</summary>
public sealed record GroupIdBySlug(Guid? GroupId);

/// <summary>Who this member is to this group right now, from Membership's own documents.</summary>
public sealed record GetGroupStanding(Guid GroupId, Guid MemberId);

/// <summary>
/// The answer to <see cref="GetGroupStanding"/>. <see cref="GroupExists"/> is false for an unknown group (the other
/// fields are then defaults). <see cref="IsMember"/> means an active membership; <see cref="Roles"/> are empty otherwise.
/// </summary>
public sealed record GroupStanding(
    Guid GroupId,
    bool GroupExists,
    string Slug,
    string Name,
    GroupVisibility Visibility,
    GroupStatus Status,
    bool IsMember,
    IReadOnlyList<GroupRole> Roles,
    bool IsInvited,
    bool IsBanned,
    DateTimeOffset? JoinedAt);
