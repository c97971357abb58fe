using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>
/// Edit a page. The form carries the revision it started from; when someone saved the same lines meanwhile, the page
/// comes back with both versions and their diff, the member's text still in the editor, ready to save again.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class EditModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public ReadPage.PageView Shown { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string? Summary { get; private set; }
    public int BaseRevision { get; private set; }
    public EditPage.Conflict? Conflict { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string pageSlug, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, pageSlug, cancellationToken), () =>
        {
            (Title, Body, BaseRevision) = (Shown.Title, Shown.Source, Shown.Revision);
            return Task.FromResult<IActionResult>(Shown.Viewer.CanEdit ? Page() : Forbid());
        });

    public Task<IActionResult> OnPostAsync(string slug, string pageSlug, string? title, string? body, int baseRevision, string? summary,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, pageSlug, cancellationToken), async () =>
        {
            (Title, Body, Summary, BaseRevision) = (title ?? "", body ?? "", summary, baseRevision);
            EditPage.Result result;
            try
            {
                result = await mediator.Send(new EditPage.Command(Title, Body, baseRevision, summary) { GroupId = Wiki.GroupId, Slug = Shown.Slug },
                    cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            if (result.Conflict is { } conflict)
            {
                // The next save starts from what is there now; the member's own text stays in the editor.
                (Conflict, BaseRevision) = (conflict, conflict.CurrentRevision);
                return Page();
            }

            var saved = result.Saved!;
            TempData["Notice"] = saved.Merged
                ? $"Saved as revision {saved.Revision}, merged with the changes others saved while you were editing."
                : $"Saved as revision {saved.Revision}.";
            return Redirect(saved.Path);
        });

    public Task<IActionResult> OnPostProtectionAsync(string slug, string pageSlug, bool @protected, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, pageSlug, cancellationToken), async () =>
        {
            await mediator.Send(new PageCuration.SetProtection(@protected) { GroupId = Wiki.GroupId, Slug = Shown.Slug }, cancellationToken);
            TempData["Notice"] = @protected ? "The page is protected." : "The page is no longer protected.";
            return Redirect(Shown.Path);
        });

    private async Task LoadAsync(string slug, string pageSlug, CancellationToken cancellationToken)
    {
        Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
        var result = await mediator.Send(new ReadPage.Query(Wiki.GroupId, pageSlug), cancellationToken);
        Shown = result.Page ?? (await mediator.Send(new ReadPage.Query(Wiki.GroupId, result.MovedTo!), cancellationToken)).Page!;
    }
}
