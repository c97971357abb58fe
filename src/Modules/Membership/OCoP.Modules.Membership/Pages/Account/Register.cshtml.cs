using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

[EnableRateLimiting(RateLimitPolicies.Account)] // account creation sends e-mail: limited like its API twin
internal sealed class RegisterModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new Register.Command(Input.Email ?? "", Input.Password ?? "", Input.DisplayName ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception))
        {
            return Page();
        }

        return RedirectToPage("/Account/Registered", new { email = Input.Email });
    }

    internal sealed class InputModel
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
    }
}
