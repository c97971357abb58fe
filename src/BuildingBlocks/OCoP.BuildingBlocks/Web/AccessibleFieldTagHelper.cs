using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// Gives every field written with <c>asp-for</c> what the error summary and assistive technology need, so that no page
/// has to remember it: the id <see cref="FormErrors.FieldId"/> (which the summary links to, and the label's <c>for</c>
/// follows), <c>aria-invalid</c> when the field was refused, and <c>aria-describedby</c> naming its message element.
/// Runs after the framework's tag helpers, and leaves alone what the page wrote itself.
/// </summary>
[HtmlTargetElement("input", Attributes = For)]
[HtmlTargetElement("select", Attributes = For)]
[HtmlTargetElement("textarea", Attributes = For)]
[HtmlTargetElement("label", Attributes = For)]
[HtmlTargetElement("span", Attributes = ValidationFor)]
public sealed class AccessibleFieldTagHelper : TagHelper
{
    private const string For = "asp-for";
    private const string ValidationFor = "asp-validation-for";

    public override int Order => 1000; // after InputTagHelper, LabelTagHelper... wrote their id, for and name

    [HtmlAttributeName(For)]
    public ModelExpression? Field { get; set; }

    [HtmlAttributeName(ValidationFor)]
    public ModelExpression? ValidatedField { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var expression = Field ?? ValidatedField;
        if (expression is null)
        {
            return;
        }

        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        var id = FormErrors.FieldId(name);
        switch (output.TagName)
        {
            case "label":
                if (!context.AllAttributes.ContainsName("for"))
                {
                    output.Attributes.SetAttribute("for", id);
                }

                return;
            case "span":
                if (!context.AllAttributes.ContainsName("id"))
                {
                    output.Attributes.SetAttribute("id", id + "-error");
                }

                return;
        }

        var type = context.AllAttributes["type"]?.Value?.ToString();
        if (type is "hidden" or "radio")
        {
            return; // radios share a name: their fieldset carries the description
        }

        if (!context.AllAttributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", id);
        }

        if (ViewContext.ModelState.ErrorFor(name) is null)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        if (!context.AllAttributes.ContainsName("aria-describedby"))
        {
            output.Attributes.SetAttribute("aria-describedby", id + "-error");
        }
    }
}
