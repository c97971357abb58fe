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

    /// <summary>How often every resource link is checked, in minutes (a week by default; 0 = off). A recurring job, once per cluster.</summary>
    public double LinkCheckIntervalMinutes { get; set; } = 7 * 24 * 60;

    /// <summary>How long one link may take to answer before it counts as broken ("timed out").</summary>
    public double LinkCheckTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Whether the link check may connect to loopback and private addresses. Off: a resource URL cannot make the server
    /// probe its own network. Tests turn it on to check links against a local HTTP listener.
    /// </summary>
    public bool LinkCheckAllowPrivateAddresses { get; set; }

    /// <summary>The largest file one may attach, in bytes (3 MB; the host refuses any request over Limits:MaxRequestBodyBytes first).</summary>
    public long MaxFileBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>How often the stale-page summary goes to each group's curators, in minutes (a week; 0 = off).</summary>
    public double StaleSummaryIntervalMinutes { get; set; } = 7 * 24 * 60;
}
