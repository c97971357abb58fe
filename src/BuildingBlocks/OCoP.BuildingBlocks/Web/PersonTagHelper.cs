using Microsoft.AspNetCore.Razor.TagHelpers;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// <c>&lt;person id="@authorId" name="@authorName" /&gt;</c>: a member as every page shows one (issue 19, item 4), their avatar
/// (their picture, or their initials) and their name, linking to their profile. <c>size="large"</c> for cards.
/// </summary>
[HtmlTargetElement("person", Attributes = "id,name", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PersonTagHelper : TagHelper
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Size { get; set; }

    /// <summary>False to show the avatar and name without a link (the profile page itself).</summary>
    public bool Link { get; set; } = true;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var pixels = Size == "large" ? 48 : 24;
        output.TagName = Link && Id != Guid.Empty ? "a" : "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "person");
        if (output.TagName == "a")
        {
            output.Attributes.SetAttribute("href", $"/members/{Id}");
        }

        var src = Id == Guid.Empty ? InitialsAvatar.PathFor(Name) : $"/members/{Id}/avatar";
        output.Content.AppendHtml($"<img class=\"avatar {(Size == "large" ? "medium" : "small")}\" src=\"{src}\" alt=\"\" width=\"{pixels}\" height=\"{pixels}\" loading=\"lazy\">");
        output.Content.Append(Name);
    }
}
