using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Resources;

/// <summary>One resource with its triage: rate and review it, flag a concern, and (domain experts) vet or unvet it.</summary>
internal sealed class ReadModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public ResourceDirectory.ResourceView Resource { get; private set; } = null!;
    public Files.Attachments Attachments { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, Guid resourceId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, resourceId, cancellationToken), () => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostRateAsync(string slug, Guid resourceId, int stars, string? review, CancellationToken cancellationToken) =>
        ChangeAsync(slug, resourceId, () => mediator.Send(new TriageResource.Rate(stars, review) { GroupId = Home.GroupId, ResourceId = resourceId }, cancellationToken),
            "Your rating is saved.", cancellationToken);

    public Task<IActionResult> OnPostFlagAsync(string slug, Guid resourceId, ConcernKind concern, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(slug, resourceId, () => mediator.Send(new TriageResource.FlagConcern(concern, note) { GroupId = Home.GroupId, ResourceId = resourceId },
            cancellationToken), "Your concern is recorded.", cancellationToken);

    public Task<IActionResult> OnPostVetAsync(string slug, Guid resourceId, bool vetted, CancellationToken cancellationToken) =>
        ChangeAsync(slug, resourceId, () => mediator.Send(new TriageResource.SetVetting(vetted) { GroupId = Home.GroupId, ResourceId = resourceId }, cancellationToken),
            vetted ? "The resource is vetted." : "The resource is no longer vetted.", cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(string slug, Guid resourceId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, resourceId, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new DeleteResource.Command(Home.GroupId, resourceId), cancellationToken);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }

            TempData["Notice"] = "The resource is removed.";
            return Redirect($"/groups/{Home.GroupSlug}/resources");
        });

    /// <summary>Loads the page, then makes the change; a field error shows on the page, a refusal answers the request.</summary>
    private Task<IActionResult> ChangeAsync(string slug, Guid resourceId, Func<Task> change, string notice, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, resourceId, cancellationToken), async () =>
        {
            if (!Home.SignedIn)
            {
                return Challenge();
            }

            try
            {
                await change();
            }
            catch (ProblemException problem) when (problem.Status is 401 or 403 or 404)
            {
                return this.Refused(problem);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = notice;
            return Redirect(Resource.Path);
        });

    private async Task LoadAsync(string slug, Guid resourceId, CancellationToken cancellationToken)
    {
        Home = await mediator.GetWikiAsync(slug, cancellationToken);
        Resource = await mediator.Send(new ResourceDirectory.GetResource(Home.GroupId, resourceId), cancellationToken);
        Attachments = await Files.Attachments.LoadAsync(mediator, Home, Knowledge.Files.FileTarget.Resource, resourceId.ToString(), Resource.Path, cancellationToken);
    }
}
