using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

/// <summary>The link in the e-mail opens this page; the address is confirmed by a POST, since a GET must not change state.</summary>
internal sealed class ConfirmModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Member { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Confirmed { get; private set; }

    public void OnGet() => RefuseIncompleteLink();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (RefuseIncompleteLink())
        {
            return Page();
        }

        try
        {
            Confirmed = await mediator.Send(new ConfirmEmail.Command(Member, Token ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
        }

        return Page();
    }

    /// <summary>A truncated link (mail clients wrap long lines) cannot succeed: say so before the click, in words, not binding errors.</summary>
    private bool RefuseIncompleteLink()
    {
        if (ModelState.IsValid && Member != Guid.Empty && !string.IsNullOrWhiteSpace(Token))
        {
            return false;
        }

        ModelState.Clear();
        ModelState.AddModelError("", "This confirmation link is incomplete. Copy the whole link from the e-mail, or ask for a new one.");
        return true;
    }
}
