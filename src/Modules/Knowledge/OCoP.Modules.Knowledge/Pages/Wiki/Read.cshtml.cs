using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>One wiki page; a page not written yet (a red link) offers to write it.</summary>
internal sealed class ReadModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public ReadPage.PageView? Shown { get; private set; }
    public string Missing { get; private set; } = "";
    public Files.Attachments? Attachments { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string pageSlug, CancellationToken cancellationToken)
    {
        try
        {
            Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
            var result = await mediator.Send(new ReadPage.Query(Wiki.GroupId, pageSlug), cancellationToken);
            if (result.MovedTo is { } movedTo)
            {
                return RedirectPermanent(WikiPaths.Page(Wiki.GroupSlug, movedTo));
            }

            Shown = result.Page;
            Attachments = Shown is null ? null
                : await Files.Attachments.LoadAsync(mediator, Wiki, Knowledge.Files.FileTarget.WikiPage, Shown.Slug, Shown.Path, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound && Wiki is not null)
        {
            Missing = pageSlug;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        catch (ProblemException problem)
        {
            return this.Refused(problem);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(string slug, string pageSlug, CancellationToken cancellationToken)
    {
        try
        {
            Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
            await mediator.Send(new PageCuration.MarkReviewed(Wiki.GroupId, pageSlug), cancellationToken);
        }
        catch (ProblemException problem)
        {
            return this.Refused(problem);
        }

        TempData["Notice"] = "Marked as reviewed.";
        return Redirect(WikiPaths.Page(Wiki.GroupSlug, pageSlug));
    }
}
