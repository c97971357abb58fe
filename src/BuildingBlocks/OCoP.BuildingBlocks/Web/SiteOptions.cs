namespace OCoP.BuildingBlocks.Web;

/// <summary>Site-wide settings (section <c>Site</c>).</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Public address of the site, used in links sent by e-mail.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    public string Name { get; set; } = "OCoP";

    public string Link(string pathAndQuery) => BaseUrl.TrimEnd('/') + pathAndQuery;
}
