using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>A group's wiki: its pages as a tree, the stale ones for curators, and a way to write a new one.</summary>
internal sealed class IndexModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public CursorPage<PageTree.Entry> Pages { get; private set; } = null!;
    public bool StaleOnly { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, bool? stale, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () =>
        {
            Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
            StaleOnly = stale == true;
            Pages = await mediator.Send(new PageTree.Query(Wiki.GroupId, cursor, 100, StaleOnly), cancellationToken);
        }, () => Task.FromResult<IActionResult>(Page()));
}
