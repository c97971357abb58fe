using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Membership.Groups;

internal enum JoinPolicy
{
    Open,
    ByRequest,
    ByInvitation,
}

/// <summary>
/// A practice group. Optimistic concurrency on this document is what makes seat-taking safe: approving a member
/// changes <see cref="MemberCount"/>, so of two approvals of the last seat only one commits.
/// </summary>
internal sealed class Group
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Topics { get; set; } = [];
    public GroupVisibility Visibility { get; set; }
    public JoinPolicy JoinPolicy { get; set; }
    public int? Capacity { get; set; }
    public int MemberCount { get; set; }
    public GroupStatus Status { get; set; } = GroupStatus.Active;
    public Charter Charter { get; set; } = new();
    public int CharterVersion { get; set; } = 1;
    public CodeOfConduct? CodeOfConduct { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>Optional membership length; members then renew before it ends or lapse.</summary>
    public int? TermMonths { get; set; }

    /// <summary>Optional fee, recorded only: OCoP takes no payments.</summary>
    public Fee? Fee { get; set; }

    public Orientation Orientation { get; set; } = Orientation.Default;

    /// <summary>Lower-case name and topics, for the directory's search.</summary>
    public string SearchText { get; set; } = "";

    public bool IsFull => Capacity is { } capacity && MemberCount >= capacity;

    public int CodeOfConductVersion => CodeOfConduct?.Version ?? 0;

    public void Index() => SearchText = $"{Name} {string.Join(' ', Topics)}".ToLowerInvariant();
}

/// <summary>
/// The group's charter, following the seven stages of the design framework for online communities of practice.
/// Purpose and audience are required; the rest can be filled in as the group finds its way.
/// </summary>
internal sealed record Charter
{
    // 1. Context and needs
    public string Purpose { get; init; } = "";
    public string Audience { get; init; } = "";
    public string? WhyNow { get; init; }
    public string? Recruitment { get; init; }
    public string? Delivery { get; init; }

    // 2. Technology and space
    public string? TechnologyAndSpace { get; init; }

    // 3. Leadership: how members share it
    public string? Leadership { get; init; }

    // 4. Flexibility: meeting types, cadence, how materials are reached
    public string? MeetingTypes { get; init; }
    public string? Cadence { get; init; }
    public string? Materials { get; init; }

    // 5. Coordination and support
    public string? Coordination { get; init; }
    public string? Resources { get; init; }

    // 6. Critical engagement: what is expected of members
    public string? Expectations { get; init; }

    // 7. Expanded impact: skills to practise, professional development
    public string? SkillsToPractise { get; init; }
    public string? ProfessionalDevelopment { get; init; }
}

/// <summary>One saved version of a group's charter: the history shown to members.</summary>
internal sealed class CharterRevision
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public int Version { get; set; }
    public Charter Charter { get; set; } = new();
    public Guid EditedBy { get; set; }
    public DateTimeOffset EditedAt { get; set; }

    public static string IdFor(Guid groupId, int version) => $"{groupId:N}/{version}";
}

internal sealed record Fee(decimal Amount, string Currency);

/// <summary>What a newcomer sees first: a welcome (Markdown, stored with its safe HTML) and a checklist to work through.</summary>
internal sealed record Orientation(string WelcomeMarkdown, string WelcomeHtml, IReadOnlyList<OrientationItem> Checklist)
{
    public static readonly Orientation Default = new("", "",
    [
        new("read-charter", "Read the group's charter"),
        new("introduce-yourself", "Introduce yourself to the group", OrientationAction.IntroduceYourself),
        new("digest-preference", "Choose how often you hear from the group (digest preference)"),
    ]);
}

/// <summary>An item of the checklist. <see cref="Action"/> ties it to something the member does, which ticks it.</summary>
internal sealed record OrientationItem(string Id, string Text, OrientationAction Action = OrientationAction.None)
{
    /// <summary>Its action; the default items, stored before items had actions, are known by their id.</summary>
    public OrientationAction TickedBy() => Action != OrientationAction.None ? Action : Id switch
    {
        "introduce-yourself" => OrientationAction.IntroduceYourself,
        "complete-profile" => OrientationAction.CompleteProfile,
        "reply-to-someone" => OrientationAction.ReplyToSomeone,
        "rsvp-to-event" => OrientationAction.RsvpToEvent,
        _ => OrientationAction.None,
    };

    /// <summary>Where the member does it, or null when the item is only ticked by hand on the orientation page.</summary>
    public string? Link(string groupSlug) => TickedBy() switch
    {
        OrientationAction.IntroduceYourself => $"/groups/{groupSlug}/forum/new",
        OrientationAction.CompleteProfile => "/account/profile",
        OrientationAction.ReplyToSomeone => $"/groups/{groupSlug}/forum",
        OrientationAction.RsvpToEvent => $"/groups/{groupSlug}/events",
        _ => Id switch
        {
            "read-charter" => $"/groups/{groupSlug}/charter",
            "digest-preference" => "/settings/email",
            _ => null,
        },
    };
}

/// <summary>A code of conduct version: numbered clauses that moderation actions cite.</summary>
internal sealed record CodeOfConduct(int Version, IReadOnlyList<string> Clauses, DateTimeOffset PublishedAt);

internal enum GroupMembershipState
{
    Active,
    Requested,
    WaitingList,
    Invited,
    Left,
    Removed,
    Banned,
    Lapsed,
    Declined,
}

/// <summary>One member's relationship with one group. Its id joins both, so a member has one per group.</summary>
internal sealed class GroupMembership
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public GroupMembershipState State { get; set; }
    public List<GroupRole> Roles { get; set; } = [];
    public int AcceptedCodeOfConductVersion { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset Since { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public FeeRecord? Fee { get; set; }
    public List<string> OrientationDone { get; set; } = [];

    public bool IsActive => State == GroupMembershipState.Active;

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";
}

/// <summary>Whether this member's fee is paid or waived, and who said so.</summary>
internal sealed record FeeRecord(string Status, decimal Amount, string Currency, Guid RecordedBy, DateTimeOffset RecordedAt);

/// <summary>An invitation by e-mail or to a member. Only the token's hash is kept; the link expires.</summary>
internal sealed class GroupInvitation
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public string? Email { get; set; }
    public Guid? MemberId { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedBy { get; set; }
}
