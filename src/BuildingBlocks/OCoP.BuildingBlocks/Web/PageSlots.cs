using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// How one page shows what several modules own (docs/adr/0028-pages-composed-from-module-slots.md): the page names a
/// slot ("Home", "GroupHome"), and every module that has something to say there ships a partial view at
/// <c>/Pages/Shared/Slots/{slot}/{order}-{name}.cshtml</c>. The partial loads its own data through its own module's
/// queries, so the page never reads another module's documents and knows none of its types. A module that is not
/// loaded simply has no partial there; a new module (events, wiki) adds its partial and the page shows it.
/// </summary>
public sealed class PageSlots(ApplicationPartManager parts)
{
    private readonly Lazy<IReadOnlyList<string>> views = new(() =>
    {
        var feature = new ViewsFeature();
        parts.PopulateFeature(feature);
        return feature.ViewDescriptors.Select(d => d.RelativePath).Where(p => p.StartsWith(Root, StringComparison.Ordinal)).Distinct().ToList();
    });

    private const string Root = "/Pages/Shared/Slots/";

    /// <summary>The partials of a slot, by file name (the order prefix first), so every page sees the same order.</summary>
    public IReadOnlyList<string> PartialsOf(string slot) =>
        views.Value.Where(p => p.StartsWith($"{Root}{slot}/", StringComparison.Ordinal))
            .OrderBy(p => p[(p.LastIndexOf('/') + 1)..], StringComparer.Ordinal).ToList();
}

/// <summary>What a slot's partial is given: the group of a group page, the member of a profile, or nothing on the site's home.</summary>
public sealed record SlotContext(Guid? GroupId = null, string? Slug = null, string? GroupName = null, Guid? MemberId = null);

public static class PageSlotRendering
{
    /// <summary>Renders every partial of the slot in order; nothing when no module fills it.</summary>
    public static async Task<IHtmlContent> SlotAsync(this IHtmlHelper html, PageSlots slots, string slot, SlotContext context)
    {
        var content = new HtmlContentBuilder();
        foreach (var partial in slots.PartialsOf(slot))
        {
            content.AppendHtml(await html.PartialAsync(partial, context, new ViewDataDictionary<SlotContext>(html.ViewData, context)));
        }

        return content;
    }
}
