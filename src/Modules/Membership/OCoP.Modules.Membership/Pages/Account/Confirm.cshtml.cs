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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            Confirmed = await mediator.Send(new ConfirmEmail.Command(Member, Token ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
        }

        return Page();
    }
}
