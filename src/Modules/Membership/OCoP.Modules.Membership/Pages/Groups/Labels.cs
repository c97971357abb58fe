using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The words members see for the group vocabulary.</summary>
internal static class Labels
{
    public static string Visibility(GroupVisibility visibility) => visibility switch
    {
        GroupVisibility.Public => "public",
        GroupVisibility.MembersOnly => "members only",
        _ => "secret",
    };

    public static string Policy(JoinPolicy policy) => policy switch
    {
        JoinPolicy.Open => "open to join",
        JoinPolicy.ByRequest => "join by request",
        _ => "by invitation",
    };

    public static string Role(GroupRole role) => role switch
    {
        GroupRole.DomainExpert => "domain expert",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>The charter's sections in the order of the seven stages, with the labels members read.</summary>
    public static IEnumerable<(string Stage, string Label, string? Text)> Charter(Charter c) =>
    [
        ("Context and needs", "Purpose", c.Purpose),
        ("Context and needs", "Who it is for", c.Audience),
        ("Context and needs", "Why now", c.WhyNow),
        ("Context and needs", "How members are recruited", c.Recruitment),
        ("Context and needs", "Delivery", c.Delivery),
        ("Technology and space", "Where we meet and work", c.TechnologyAndSpace),
        ("Leadership", "How leadership is shared", c.Leadership),
        ("Flexibility", "Kinds of meetings", c.MeetingTypes),
        ("Flexibility", "Cadence", c.Cadence),
        ("Flexibility", "Materials", c.Materials),
        ("Coordination and support", "Coordination", c.Coordination),
        ("Coordination and support", "Resources", c.Resources),
        ("Critical engagement", "What we expect of members", c.Expectations),
        ("Expanded impact", "Skills to practise", c.SkillsToPractise),
        ("Expanded impact", "Professional development", c.ProfessionalDevelopment),
    ];
}
