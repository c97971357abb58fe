using Microsoft.AspNetCore.Razor.TagHelpers;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// <c>&lt;when at="@post.CreatedAt" /&gt;</c> writes <c>&lt;time datetime="…" title="3 March 2026, 14:05 (Europe/Paris)"&gt;5 minutes
/// ago&lt;/time&gt;</c>: <see cref="Dates"/>, in the signed-in member's time zone (UTC for visitors).
/// </summary>
[HtmlTargetElement("when", Attributes = "at", TagStructure = TagStructure.WithoutEndTag)]
public sealed class WhenTagHelper(TimeProvider clock, CurrentMember me) : TagHelper
{
    public DateTimeOffset At { get; set; }

    /// <summary>"absolute" writes the date and time itself instead of a relative phrase.</summary>
    public string? Format { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var zone = Dates.Zone(me.TimeZone);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", Dates.Absolute(At, zone));
        output.Content.SetContent(Format == "absolute" ? Dates.Absolute(At, zone) : Dates.Relative(At, clock.GetUtcNow(), zone));
    }
}
