using System.Globalization;
using System.Net;
using System.Text;

namespace OCoP.Modules.Engagement.Health;

/// <summary>
/// A line chart written as SVG on the server: readable without JavaScript, labelled for screen readers, with the same
/// figures in a table beside it on the page.
/// </summary>
internal static class HealthChart
{
    private const int Width = 600;
    private const int Height = 180;
    private const int Margin = 28;

    public static string Svg(string id, string title, IReadOnlyList<(string Label, IReadOnlyList<int> Values, string Colour)> series, IReadOnlyList<DateOnly> days)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Margin}\" y1=\"{Height - Margin}\" x2=\"{Width - 4}\" y2=\"{Height - Margin}\" stroke=\"#5b6570\"/><line x1=\"{Margin}\" y1=\"4\" x2=\"{Margin}\" y2=\"{Height - Margin}\" stroke=\"#5b6570\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"12\" font-size=\"10\">{max}</text><text x=\"2\" y=\"{Height - Margin}\" font-size=\"10\">0</text>");
        if (days.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{Height - 8}\" font-size=\"10\">{days[0]:d MMM}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 4}\" y=\"{Height - 8}\" font-size=\"10\" text-anchor=\"end\">{days[^1]:d MMM}</text>");
        }

        var legendX = Margin + 60;
        foreach (var (label, values, colour) in series)
        {
            var step = values.Count > 1 ? (Width - Margin - 8) / (double)(values.Count - 1) : 0;
            var points = string.Join(' ', values.Select((v, i) => string.Create(CultureInfo.InvariantCulture,
                $"{Margin + i * step:0.#},{Height - Margin - v * (Height - Margin - 8) / (double)max:0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{legendX}\" y=\"{Height - 16}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{legendX + 14}\" y=\"{Height - 7}\" font-size=\"10\">{WebUtility.HtmlEncode(label)}</text>");
            legendX += 140;
        }

        return svg.Append("</svg>").ToString();
    }
}
