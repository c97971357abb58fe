using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Files;

/// <summary>
/// Attach a file to a wiki page (by slug), a blog post or a resource, then go back to it. The same rules as the API
/// (size, types judged by content, who may post); a refusal shows on the form.
/// </summary>
internal sealed class AttachModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public FileTarget Target { get; set; }
    [BindProperty(SupportsGet = true)] public string TargetId { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string Back => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : $"/groups/{Home.GroupSlug}/files";

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), () => Task.FromResult<IActionResult>(Home.CanPost ? Page() : Forbid()));

    public Task<IActionResult> OnPostAsync(string slug, IFormFile? file, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            if (file is null || file.Length == 0)
            {
                ModelState.AddModelError("File", "Choose a file to attach.");
                return Page();
            }

            try
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                await mediator.Send(new AttachFile.Upload(Home.GroupId, Target, TargetId, file.FileName, buffer.ToArray()), cancellationToken);
            }
            catch (ProblemException problem) when (problem.Status is 401 or 403 or 404)
            {
                return this.Refused(problem);
            }
            catch (ProblemException problem) when (problem.Errors is null)
            {
                ModelState.AddModelError("File", problem.Detail ?? problem.Title); // too large (413) or a refused type (415)
                return Page();
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "The file is attached.";
            return Redirect(Back);
        });

    private async Task LoadAsync(string slug, CancellationToken cancellationToken) => Home = await mediator.GetWikiAsync(slug, cancellationToken);
}
