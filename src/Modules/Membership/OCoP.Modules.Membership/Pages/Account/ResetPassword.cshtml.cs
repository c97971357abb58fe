using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

internal sealed class ResetPasswordModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>The link, not the password, is at fault: the form cannot help, a new link can.</summary>
    public bool LinkInvalid => new[] { "", nameof(Email), nameof(Token) }.Any(key => ModelState[key] is { Errors.Count: > 0 });

    public void OnGet()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(Token))
        {
            ModelState.AddModelError("", "This reset link is incomplete. Copy the whole link from the e-mail, or ask for a new one.");
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new PasswordReset.Reset(Email ?? "", Token ?? "", NewPassword ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            return Page();
        }

        TempData["Notice"] = "Your password is changed. Sign in with the new one.";
        return RedirectToPage("/Account/SignIn");
    }
}
