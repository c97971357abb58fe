namespace OCoP.Modules.Knowledge;

/// <summary>Site-wide wiki limits and review period (section <c>Knowledge</c>).</summary>
internal sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>A page not reviewed or edited for this many days is listed as stale for domain experts and facilitators.</summary>
    public int ReviewAfterDays { get; set; } = 180;

    /// <summary>The longest page source, in characters; longer is a 400 (and a body over the request limit a 413).</summary>
    public int MaxPageLength { get; set; } = 200_000;

    /// <summary>Distinct pages one page may link to with [[Page title]]; more is a 400.</summary>
    public int MaxLinksPerPage { get; set; } = 500;
}
