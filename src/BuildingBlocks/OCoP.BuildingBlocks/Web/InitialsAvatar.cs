using System.Globalization;
using System.Net;
using System.Text;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// The default avatar of a member without a picture: their initials on a colour that their name decides, as a tiny SVG.
/// Everything is in the address (<see cref="PathFor"/>), so the host serves it with a year-long cache.
/// </summary>
public static class InitialsAvatar
{
    public const string Path = "/avatars/initials.svg";

    public static string PathFor(string? name) => $"{Path}?name={Uri.EscapeDataString(Initials(name))}";

    /// <summary>"Noor Haddad" is "NH", "asha" is "A", "" is "?": the first letter of the first and the last word.</summary>
    public static string Initials(string? name)
    {
        var words = (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new StringInfo(w)).Where(w => w.LengthInTextElements > 0).ToList();
        if (words.Count == 0)
        {
            return "?";
        }

        var first = words[0].SubstringByTextElements(0, 1);
        var last = words.Count > 1 ? words[^1].SubstringByTextElements(0, 1) : "";
        return (first + last).ToUpperInvariant();
    }

    public static string Svg(string? initials)
    {
        var text = Initials(initials);
        if (text.Length > 8)
        {
            text = "?";
        }

        // A stable hue from the text; dark enough for white letters to pass WCAG AA contrast.
        var hue = text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7fffffff;
        var colour = $"hsl({(hue % 360).ToString(CultureInfo.InvariantCulture)} 55% 32%)";
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" role=\"img\">");
        svg.Append("<rect width=\"64\" height=\"64\" rx=\"32\" fill=\"").Append(colour).Append("\"/>");
        svg.Append("<text x=\"32\" y=\"32\" dy=\".35em\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"")
            .Append(text.Length > 1 ? "26" : "30").Append("\" font-weight=\"600\" fill=\"#fff\">").Append(WebUtility.HtmlEncode(text)).Append("</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
