using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Blog;

/// <summary>A group's blog: published posts newest first, the viewer's own drafts, and a way to write one.</summary>
internal sealed class IndexModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public CursorPage<ReadBlog.PostSummary> Posts { get; private set; } = null!;
    public IReadOnlyList<ReadBlog.PostSummary> Drafts { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () =>
        {
            Home = await mediator.GetWikiAsync(slug, cancellationToken);
            Posts = await mediator.Send(new ReadBlog.ListPosts(Home.GroupId, cursor, 20), cancellationToken);
            if (Home.SignedIn && cursor is null)
            {
                Drafts = (await mediator.Send(new ReadBlog.ListDrafts(Home.GroupId, null, 100), cancellationToken)).Items;
            }
        }, () => Task.FromResult<IActionResult>(Page()));
}
