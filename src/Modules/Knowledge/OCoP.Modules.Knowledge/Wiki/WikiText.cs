using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OCoP.BuildingBlocks.Markdown;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>
/// How a page's Markdown becomes what a reader sees: [[Page title]] and [[Page title|label]] links between pages, the
/// shared renderer (docs/adr/0013's one sanitizer), anchors on headings for the table of contents.
/// </summary>
internal static partial class WikiText
{
    /// <summary>A [[link]] is stored as this relative href; a read replaces it with the page's URL and says whether it exists.</summary>
    private const string Placeholder = "__wiki__/";

    public sealed record Rendered(string Html, IReadOnlyList<TocEntry> Toc, IReadOnlyList<string> Links);

    public sealed record WikiLink(string Title, string Slug);

    /// <summary>Lower case letters and digits joined by single hyphens, at most 80 characters; empty when the title has none.</summary>
    public static string SlugFor(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var c in title.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c) || (char.IsLetterOrDigit(c) && c > 127))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-' && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }

    /// <summary>Line endings as one character, so diffs and merges compare lines, not platforms.</summary>
    public static string Normalize(string source) => source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    public static IReadOnlyList<WikiLink> LinksIn(string source) =>
        WikiLinkPattern().Matches(source).Select(m => new WikiLink(m.Groups["title"].Value.Trim(), SlugFor(m.Groups["title"].Value)))
            .Where(l => l.Slug.Length > 0).DistinctBy(l => l.Slug).ToList();

    /// <summary>Each [[Page title]] or [[Page title|label]] as a plain Markdown link to <paramref name="target"/>(slug): for the zip export.</summary>
    public static string WithMarkdownLinks(string source, Func<string, string> target) =>
        WikiLinkPattern().Replace(source, match =>
        {
            var title = match.Groups["title"].Value.Trim();
            var label = match.Groups["label"].Success ? match.Groups["label"].Value.Trim() : title;
            var slug = SlugFor(title);
            return slug.Length == 0 ? match.Value : $"[{label}]({target(slug)})";
        });

    public static Rendered Render(MarkdownRenderer markdown, string source)
    {
        var withLinks = WikiLinkPattern().Replace(source, match =>
        {
            var slug = SlugFor(match.Groups["title"].Value);
            var label = match.Groups["label"].Success ? match.Groups["label"].Value.Trim() : match.Groups["title"].Value.Trim();
            return slug.Length == 0 ? match.Value : $"[{label}]({Placeholder}{slug})";
        });
        var html = markdown.ToSafeHtml(withLinks);

        var toc = new List<TocEntry>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        html = HeadingPattern().Replace(html, match =>
        {
            var level = match.Groups["level"].Value[0] - '0';
            var text = WebUtility.HtmlDecode(TagPattern().Replace(match.Groups["inner"].Value, "")).Trim();
            var first = "h-" + (SlugFor(text) is { Length: > 0 } slug ? slug : "section");
            var anchor = first;
            for (var i = 2; !anchors.Add(anchor); i++)
            {
                anchor = $"{first}-{i}";
            }

            toc.Add(new TocEntry(level, text, anchor));
            return $"<h{level} id=\"{anchor}\">{match.Groups["inner"].Value}</h{level}>";
        });

        return new Rendered(html, toc, LinksIn(source).Select(l => l.Slug).ToList());
    }

    /// <summary>Turns the stored placeholders into links to the group's pages: a red link (wiki-missing) where no page is written yet.</summary>
    public static string ResolveLinks(string html, string groupSlug, IReadOnlySet<string> existing) =>
        PlaceholderPattern().Replace(html, match =>
        {
            var slug = match.Groups["slug"].Value;
            return existing.Contains(slug)
                ? $"href=\"{WikiPaths.Page(groupSlug, slug)}\" class=\"wiki-link\""
                : $"href=\"{WikiPaths.Page(groupSlug, slug)}\" class=\"wiki-link wiki-missing\"";
        });

    [GeneratedRegex(@"\[\[(?<title>[^\[\]\|\n]{1,200})(?:\|(?<label>[^\[\]\n]{1,200}))?\]\]")]
    private static partial Regex WikiLinkPattern();

    [GeneratedRegex(@"<h(?<level>[1-6])>(?<inner>.*?)</h\k<level>>", RegexOptions.Singleline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex("href=\"__wiki__/(?<slug>[^\"]+)\"")]
    private static partial Regex PlaceholderPattern();
}

/// <summary>Where the wiki's pages live on the site and in the API.</summary>
internal static class WikiPaths
{
    public static string Wiki(string groupSlug) => $"/groups/{groupSlug}/wiki";

    public static string Page(string groupSlug, string pageSlug) => $"/groups/{groupSlug}/wiki/{pageSlug}";

    public static string Api(Guid groupId) => $"/api/knowledge/groups/{groupId}/pages";

    public static string Api(Guid groupId, string pageSlug) => $"/api/knowledge/groups/{groupId}/pages/{pageSlug}";
}
