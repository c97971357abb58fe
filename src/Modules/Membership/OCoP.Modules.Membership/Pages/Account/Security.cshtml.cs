using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Pages.Account;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class SecurityModel(IMediator mediator, CurrentMember me, UserManager<Member> users, SecurityLog log) : PageModel
{
    /// <summary>The JSON of the credential the browser made, put here by /js/passkeys.js.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? PasskeyName { get; set; }

    public IReadOnlyList<Accounts.Passkeys.PasskeyView> Passkeys { get; private set; } = [];

    public async Task OnGetAsync() => Passkeys = await Accounts.Passkeys.ListAsync(users, me.Id);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        try
        {
            var added = await mediator.Send(new Accounts.Passkeys.Add(Credential ?? "", PasskeyName) { MemberId = me.Id }, cancellationToken);
            TempData["Notice"] = $"Passkey \"{added.Name}\" added: you can sign in with it now.";
            return RedirectToPage();
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            Credential = null; // a refused credential is not sent again
            ModelState.Remove(nameof(Credential));
            await OnGetAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await Accounts.Passkeys.RemoveAsync(users, log, me.Id, id, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            await OnGetAsync();
            return Page();
        }

        TempData["Notice"] = "Passkey removed.";
        return RedirectToPage();
    }
}
