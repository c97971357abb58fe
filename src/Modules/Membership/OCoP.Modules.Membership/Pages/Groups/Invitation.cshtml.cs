using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The page an invitation link opens. Accepting is a POST; an expired link shows why (410 from the handler).</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class InvitationModel(IMediator mediator) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string token, int? acceptCode, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(new Invitations.Accept(token, acceptCode), cancellationToken);
            TempData["Notice"] = result.State == "WaitingList" ? "The group is full: you are on its waiting list." : "Welcome to the group!";
            return Redirect("/groups");
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            return Page();
        }
    }
}
