using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>A page's revisions: who saved what and when, a diff between any two, and reverting to one.</summary>
internal sealed class HistoryModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public ReadPage.PageView Shown { get; private set; } = null!;
    public CursorPage<PageHistory.RevisionSummary> Revisions { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, string pageSlug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, pageSlug, cursor, cancellationToken), () => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostRevertAsync(string slug, string pageSlug, int revision, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, pageSlug, null, cancellationToken), async () =>
        {
            try
            {
                var saved = await mediator.Send(new PageHistory.Revert(null) { GroupId = Wiki.GroupId, Slug = Shown.Slug, Number = revision }, cancellationToken);
                TempData["Notice"] = $"Reverted to revision {revision}: saved as revision {saved.Revision}.";
                return Redirect(saved.Path);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }
        });

    private async Task LoadAsync(string slug, string pageSlug, string? cursor, CancellationToken cancellationToken)
    {
        Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
        var result = await mediator.Send(new ReadPage.Query(Wiki.GroupId, pageSlug), cancellationToken);
        Shown = result.Page ?? (await mediator.Send(new ReadPage.Query(Wiki.GroupId, result.MovedTo!), cancellationToken)).Page!;
        Revisions = await mediator.Send(new PageHistory.ListRevisions(Wiki.GroupId, Shown.Slug, cursor, 50), cancellationToken);
    }
}
