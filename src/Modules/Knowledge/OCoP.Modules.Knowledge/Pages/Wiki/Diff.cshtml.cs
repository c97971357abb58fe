using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>The changes between two revisions of a page, line by line, with a way back to the older one.</summary>
internal sealed class DiffModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public ReadPage.PageView Shown { get; private set; } = null!;
    public PageHistory.DiffView Diff { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, string pageSlug, int? from, int? to, CancellationToken cancellationToken)
    {
        try
        {
            Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
            var result = await mediator.Send(new ReadPage.Query(Wiki.GroupId, pageSlug), cancellationToken);
            Shown = result.Page ?? (await mediator.Send(new ReadPage.Query(Wiki.GroupId, result.MovedTo!), cancellationToken)).Page!;
            Diff = await mediator.Send(new PageHistory.GetDiff(Wiki.GroupId, Shown.Slug, from, to), cancellationToken);
        }
        catch (ProblemException problem)
        {
            return problem.Status == 400 ? NotFound() : this.Refused(problem);
        }

        return Page();
    }
}
