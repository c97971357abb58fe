using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Engagement.Search;

namespace OCoP.Modules.Engagement.Pages.Search;

/// <summary>
/// The search page (<c>/search</c>): the same query as the API, so it finds exactly what the API finds for this reader.
/// Bad input is shown beside the box, never an error page.
/// </summary>
internal sealed class SearchModel(IMediator mediator) : PageModel
{
    public static readonly (string Value, string Label)[] Kinds =
    [
        ("", "Everything"), ("topic", "Topics"), ("post", "Replies"), ("member", "People"), ("group", "Groups"),
        ("wiki-page", "Wiki pages"), ("blog-post", "Blog posts"), ("resource", "Resources"), ("event", "Events"),
    ];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public CursorPage<SearchResult>? Results { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Q))
        {
            return Page();
        }

        try
        {
            Results = await mediator.Send(new SearchContent.Query(Q, string.IsNullOrEmpty(Kind) ? null : Kind, null, null, null, null, null,
                string.IsNullOrEmpty(Sort) ? null : Sort, Cursor, null), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest)
        {
            Problems = problem.Errors?.Values.SelectMany(m => m).ToList() ?? [problem.Detail ?? problem.Title];
        }

        return Page();
    }

    public static string KindLabel(string kind) => kind switch
    {
        "topic" => "Topic",
        "post" => "Reply",
        "member" => "Person",
        "group" => "Group",
        "wiki-page" => "Wiki page",
        "blog-post" => "Blog post",
        "resource" => "Resource",
        "event" => "Event",
        _ => kind,
    };
}
