using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Directory;

namespace OCoP.Modules.Membership.Pages.Members;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ProfileModel(IMediator mediator, CurrentMember me) : PageModel
{
    public MemberDirectory.PublicProfile Member { get; private set; } = null!;

    public bool IsMe => me.IsAuthenticated && me.Id == Member.Id;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            Member = await mediator.Send(new MemberDirectory.GetProfile(id), cancellationToken);
            return Page();
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            return NotFound();
        }
    }

    /// <summary>The card site.js shows on hover or focus of the member's name: a fragment, not a page.</summary>
    public async Task<IActionResult> OnGetCardAsync(Guid id, string? group, CancellationToken cancellationToken)
    {
        try
        {
            return Partial("_PersonCard", await mediator.Send(new PersonCard.Get(id, group), cancellationToken));
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            return NotFound();
        }
    }
}
