using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The charter as a form binds it (every field optional here; the validator says what is required).</summary>
internal sealed class CharterInput
{
    public string? Purpose { get; set; }
    public string? Audience { get; set; }
    public string? WhyNow { get; set; }
    public string? Recruitment { get; set; }
    public string? Delivery { get; set; }
    public string? TechnologyAndSpace { get; set; }
    public string? Leadership { get; set; }
    public string? MeetingTypes { get; set; }
    public string? Cadence { get; set; }
    public string? Materials { get; set; }
    public string? Coordination { get; set; }
    public string? Resources { get; set; }
    public string? Expectations { get; set; }
    public string? SkillsToPractise { get; set; }
    public string? ProfessionalDevelopment { get; set; }

    public Charter ToCharter() => new()
    {
        Purpose = Purpose ?? "", Audience = Audience ?? "", WhyNow = Blank(WhyNow), Recruitment = Blank(Recruitment), Delivery = Blank(Delivery),
        TechnologyAndSpace = Blank(TechnologyAndSpace), Leadership = Blank(Leadership), MeetingTypes = Blank(MeetingTypes), Cadence = Blank(Cadence),
        Materials = Blank(Materials), Coordination = Blank(Coordination), Resources = Blank(Resources), Expectations = Blank(Expectations),
        SkillsToPractise = Blank(SkillsToPractise), ProfessionalDevelopment = Blank(ProfessionalDevelopment),
    };

    public static CharterInput From(Charter c) => new()
    {
        Purpose = c.Purpose, Audience = c.Audience, WhyNow = c.WhyNow, Recruitment = c.Recruitment, Delivery = c.Delivery,
        TechnologyAndSpace = c.TechnologyAndSpace, Leadership = c.Leadership, MeetingTypes = c.MeetingTypes, Cadence = c.Cadence, Materials = c.Materials,
        Coordination = c.Coordination, Resources = c.Resources, Expectations = c.Expectations, SkillsToPractise = c.SkillsToPractise,
        ProfessionalDevelopment = c.ProfessionalDevelopment,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
