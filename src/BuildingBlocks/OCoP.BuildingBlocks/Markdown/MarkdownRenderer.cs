using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace OCoP.BuildingBlocks.Markdown;

/// <summary>Markdown source and the safe HTML rendered from it; modules store both so reads never render.</summary>
public sealed record RenderedMarkdown(string Source, string Html);

/// <summary>
/// Turns member-written Markdown into HTML that is safe to show. Markdig is not a sanitizer: even with raw HTML disabled
/// it happily emits <c>javascript:</c> links and images, so its output always goes through HtmlSanitizer with an
/// allow-list. No styles, no SVG or MathML, URLs only relative or http, https and mailto.
/// One instance serves every request (register it as a singleton): the Markdig pipeline is immutable once built and
/// <see cref="HtmlSanitizer.Sanitize"/> is thread-safe as long as the sanitizer is not reconfigured after construction.
/// </summary>
public sealed class MarkdownRenderer
{
    public const string LinkRel = "nofollow ugc noopener";

    private static readonly string[] Tags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "table", "thead", "tbody", "tr", "th", "td", "img", "input", "sup", "sub", "span", "div",
    ];

    // No "style" (and no CSS at all), no event handlers, no "rel": the sanitizer drops anything not named here, and the
    // rel of links is set after sanitizing. "type", "disabled" and "checked" are for Markdig's task-list checkboxes.
    private static readonly string[] Attributes = ["href", "title", "alt", "src", "class", "align", "type", "disabled", "checked", "start"];

    private static readonly string[] Schemes = ["http", "https", "mailto"];

    // Only attributes listed as URI attributes are checked against the schemes; every URL-bearing attribute we allow
    // must be here, or its value would pass verbatim.
    private static readonly string[] UriAttributes = ["href", "src"];

    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists() // fenced code blocks are CommonMark core, always on
        .DisableHtml() // raw HTML in the source is escaped and shown as text, never passed through
        .Build();

    private readonly HtmlSanitizer sanitizer;

    public MarkdownRenderer()
    {
        // Empty() rather than new HtmlSanitizerOptions(): the latter starts pre-filled with HtmlSanitizer's defaults
        // (which allow style and many more tags); starting blank means nothing is allowed that is not listed here.
        // AllowedCssProperties and AllowedAtRules stay empty, so no CSS survives; an empty AllowedClasses allows any class.
        var options = HtmlSanitizerOptions.Empty();
        options.AllowedTags.UnionWith(Tags);
        options.AllowedAttributes.UnionWith(Attributes);
        options.AllowedSchemes.UnionWith(Schemes);
        options.UriAttributes.UnionWith(UriAttributes);
        sanitizer = new HtmlSanitizer(options) { KeepChildNodes = false }; // a removed element takes its content with it

        // Runs for every node that survived sanitizing, so what is set here is not filtered again.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                case "a":
                    // Member content: no link equity for spam, no window.opener for the target.
                    element.SetAttribute("rel", LinkRel);
                    break;
                // Markdig's task lists are the only inputs we want: disabled checkboxes.
                case "input" when !string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase):
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
