using System.Globalization;
using System.Text;

namespace OCoP.Benchmarks.Runner;

/// <summary>One row of the report. Throughput-less rows (cold start, fan-out) leave RequestsPerSecond null.</summary>
internal sealed record Row(string Scenario, double? RequestsPerSecond, double P50, double P95, double P99, double? Ratio, double RssMb, long Errors,
    string Notes);

internal sealed record TargetCheck(string Target, string Measured, bool Met, string Miss);

/// <summary>The table on the console, the Markdown report with its targets, and an SVG bar chart of the ratios to the floor.</summary>
internal static class Report
{
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Requests/s | p50 ms | p95 ms | p99 ms | Ratio to floor | RSS MB | Errors | Notes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(En,
                $"| {row.Scenario} | {(row.RequestsPerSecond is { } rps ? rps.ToString("N0", En) : "–")} | {Ms(row.P50)} | {Ms(row.P95)} | {Ms(row.P99)} | {(row.Ratio is { } ratio ? ratio.ToString("N2", En) : "–")} | {row.RssMb:N0} | {row.Errors} | {row.Notes} |"));
        }

        return text.ToString();
    }

    /// <summary>A latency, or a dash for rows without latencies (NaN).</summary>
    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("N1", En);

    public static string Targets(IReadOnlyList<TargetCheck> checks)
    {
        var text = new StringBuilder();
        text.AppendLine("| Target | Measured | Met | By how much |");
        text.AppendLine("|---|---|---|---|");
        foreach (var check in checks)
        {
            text.AppendLine($"| {check.Target} | {check.Measured} | {(check.Met ? "met" : "**not met**")} | {(check.Met ? "" : check.Miss)} |");
        }

        return text.ToString();
    }

    /// <summary>Horizontal bars, one per throughput scenario, with the floor (1.0) and the topic page target (0.5) marked.</summary>
    public static string RatioChart(IReadOnlyList<Row> rows, string title)
    {
        var bars = rows.Where(r => r.Ratio is not null).ToList();
        const int Left = 250, Width = 420, BarHeight = 22, Gap = 8, Top = 40;
        var max = Math.Max(1.1, bars.Select(b => b.Ratio!.Value).DefaultIfEmpty(1).Max() * 1.1);
        var height = Top + bars.Count * (BarHeight + Gap) + 40;
        double X(double ratio) => Left + ratio / max * Width;
        var svg = new StringBuilder();
        svg.AppendLine(string.Create(En,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Left + Width + 70}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"{Escape(title)}\">"));
        svg.AppendLine($"<title>{Escape(title)}</title>");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.AppendLine(string.Create(En, $"<text x=\"{Left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + i * (BarHeight + Gap);
            var ratio = bars[i].Ratio!.Value;
            svg.AppendLine(string.Create(En, $"<text x=\"{Left - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(bars[i].Scenario)}</text>"));
            svg.AppendLine(string.Create(En,
                $"<rect x=\"{Left}\" y=\"{y}\" width=\"{X(ratio) - Left:F1}\" height=\"{BarHeight}\" fill=\"{(bars[i].Scenario.StartsWith("Floor", StringComparison.Ordinal) ? "#888888" : "#2b6cb0")}\"/>"));
            svg.AppendLine(string.Create(En, $"<text x=\"{X(ratio) + 4:F1}\" y=\"{y + 15}\">{ratio:N2}</text>"));
        }

        var bottom = Top + bars.Count * (BarHeight + Gap);
        foreach (var (mark, label) in new[] { (1.0, "floor"), (0.5, "topic page target") })
        {
            svg.AppendLine(string.Create(En,
                $"<line x1=\"{X(mark):F1}\" y1=\"{Top - 6}\" x2=\"{X(mark):F1}\" y2=\"{bottom}\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"/>"));
            svg.AppendLine(string.Create(En, $"<text x=\"{X(mark):F1}\" y=\"{bottom + 16}\" text-anchor=\"middle\" fill=\"#c53030\">{label} ({mark:N1})</text>"));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
