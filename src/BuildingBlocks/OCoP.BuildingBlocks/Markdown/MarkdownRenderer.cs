using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace OCoP.BuildingBlocks.Markdown;

/// <summary>Markdown source and the safe HTML rendered from it; modules store both so reads never render.</summary>
public sealed record RenderedMarkdown(string Source, string Html);

/// <summary>
/// Turns member-written Markdown into HTML that is safe to show. Markdig is not a sanitizer: its output always goes
/// through HtmlSanitizer with an allow-list. No styles, no SVG or MathML, links only to http, https and mailto.
/// One instance serves every request (register it as a singleton): both the pipeline and the sanitizer are reusable.
/// </summary>
public sealed class MarkdownRenderer
{
    public const string LinkRel = "nofollow ugc noopener";

    private static readonly string[] Tags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "table", "thead", "tbody", "tr", "th", "td", "img", "input", "sup", "sub", "span", "div",
    ];

    private static readonly string[] Attributes = ["href", "title", "alt", "src", "class", "align", "type", "disabled", "checked", "start", "rel"];

    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .DisableHtml() // raw HTML in the source is shown as text, never passed through
        .Build();

    private readonly HtmlSanitizer sanitizer;

    public MarkdownRenderer()
    {
        sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                case "a":
                    element.SetAttribute("rel", LinkRel);
                    break;
                // Markdig's task lists are the only inputs we want: disabled checkboxes.
                case "input" when element.GetAttribute("type") != "checkbox":
                    element.Remove();
                    break;
                case "input":
                    element.SetAttribute("disabled", "disabled");
                    break;
            }
        };
    }

    public string ToSafeHtml(string markdown) => sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, pipeline));

    public RenderedMarkdown Render(string markdown) => new(markdown, ToSafeHtml(markdown));
}
