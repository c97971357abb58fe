using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>Write a new page, at the top of the wiki or under a parent; a red link brings its title along.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public IReadOnlyList<PageTree.Entry> Parents { get; private set; } = [];
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string? Parent { get; private set; }
    public string? Summary { get; private set; }
    public bool Protected { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? title, string? parent, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), () =>
        {
            (Title, Parent) = (title ?? "", parent);
            return Task.FromResult<IActionResult>(Wiki.CanEdit ? Page() : Forbid());
        });

    public Task<IActionResult> OnPostAsync(string slug, string? title, string? body, string? parent, string? summary, bool @protected,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            (Title, Body, Parent, Summary, Protected) = (title ?? "", body ?? "", parent, summary, @protected);
            WikiWriting.Saved saved;
            try
            {
                saved = await mediator.Send(new CreatePage.Command(Title, Body, parent is { Length: > 0 } ? parent : null, summary, @protected)
                    { GroupId = Wiki.GroupId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "The page is written.";
            return Redirect(saved.Path);
        });

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
        Parents = (await mediator.Send(new PageTree.Query(Wiki.GroupId, null, 100), cancellationToken)).Items;
    }
}
