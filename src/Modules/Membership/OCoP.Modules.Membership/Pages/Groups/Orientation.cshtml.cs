using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The newcomer's checklist. The welcome is Markdown rendered to safe HTML when the facilitator saved it.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class OrientationModel(IMediator mediator) : PageModel
{
    public string Slug { get; private set; } = "";
    public string GroupName { get; private set; } = "";
    public OrientationFeature.OrientationView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, string itemId, bool done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        await mediator.Send(new OrientationFeature.Tick(GroupId, itemId, done), cancellationToken);
        return Redirect($"/groups/{Slug}/orientation");
    }

    private Guid GroupId { get; set; }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            var group = await mediator.Send(new ViewGroups.Get(slug), cancellationToken);
            (Slug, GroupName, GroupId) = (group.Slug, group.Name, group.Id);
            View = await mediator.Send(new OrientationFeature.Mine(group.Id), cancellationToken);
            return true;
        }
        catch (ProblemException problem) when (problem.Status is 404 or 403)
        {
            return false;
        }
    }
}
