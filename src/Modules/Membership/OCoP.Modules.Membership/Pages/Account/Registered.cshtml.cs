using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

/// <summary>After registering, and wherever a member needs the confirmation link again.</summary>
[EnableRateLimiting(RateLimitPolicies.Account)] // the resend sends e-mail: as limited as its API twin
internal sealed class RegisteredModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ConfirmEmail.Resend(Email ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            return Page();
        }

        TempData["Notice"] = "If that address has an unconfirmed account, a new link is on its way.";
        return RedirectToPage(new { email = Email });
    }
}
