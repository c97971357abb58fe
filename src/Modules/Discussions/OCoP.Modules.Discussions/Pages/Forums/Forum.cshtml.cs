using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>A group's forum: its topics by latest activity (pinned first), newest, most active or unanswered; by category or tag.</summary>
internal sealed class ForumModel(IMediator mediator, CurrentMember me) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public CursorPage<TopicList.Summary> Topics { get; private set; } = null!;
    public string Sort { get; private set; } = "latest";
    public Category? Category { get; private set; }
    public string? Tag { get; private set; }

    /// <summary>Whether this is a later page reached through "Load more": it links back to the first.</summary>
    public bool Continued { get; private set; }

    public bool SignedIn => me.IsAuthenticated;

    public Task<IActionResult> OnGetAsync(string slug, string? sort, string? category, string? tag, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Group = await mediator.GetForumAsync(slug, cancellationToken);
            Sort = TopicList.Sorts.FirstOrDefault(s => s == sort?.ToLowerInvariant()) ?? "latest";
            Category = string.IsNullOrEmpty(category)
                ? null
                : Group.Categories.FirstOrDefault(c => c.Slug == category) ?? throw ProblemException.NotFound("The category");
            Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant();
            Continued = cursor is not null;
            Topics = await mediator.Send(new TopicList.Query(Group.GroupId, Sort, Category?.Id, Tag, cursor, null), cancellationToken);
        });

    /// <summary>A topic's category; null when it has none, or when the category was deleted since.</summary>
    public Category? CategoryOf(Guid? id) => id is null ? null : Group.Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>This list with other choices; the filters not named stay as they are.</summary>
    public string Link(string? sort = null, string? tag = null, string? cursor = null, bool keepFilters = true)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("sort", (sort ?? Sort) == "latest" ? null : sort ?? Sort);
        Add("category", keepFilters ? Category?.Slug : null);
        Add("tag", tag ?? (keepFilters ? Tag : null));
        Add("cursor", cursor);
        return $"/groups/{Group.Slug}/forum" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }
}
