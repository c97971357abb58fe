using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Tokens;

namespace OCoP.Modules.Membership.Pages.Account;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class TokensModel(IMediator mediator, CurrentMember me) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<AccessTokens.TokenView> Tokens { get; private set; } = [];

    /// <summary>Set only in the response to the POST that created it: the token is never stored or shown again.</summary>
    public AccessTokens.Created? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = InputModel.Defaults();
        await LoadTokensAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // "abc" in the days field is a binding error already; the handler would only add a second message about 0.
        if (ModelState.IsValid)
        {
            try
            {
                Created = await mediator.Send(new AccessTokens.Create(Input.Name ?? "", Input.Scopes, Input.ExpiresInDays) { MemberId = me.Id },
                    cancellationToken);
                // A fresh form for the next token: the posted values would otherwise win over the new defaults.
                ModelState.Clear();
                Input = InputModel.Defaults();
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception))
            {
                ModelState.MoveItemErrorsToList();
            }
        }

        await LoadTokensAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new AccessTokens.Revoke(me.Id, id), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            // Already gone (deleted account, another tab): show the list as it is now, with the reason.
            await OnGetAsync(cancellationToken);
            return Page();
        }

        TempData["Notice"] = "Token revoked.";
        return RedirectToPage();
    }

    private async Task LoadTokensAsync(CancellationToken cancellationToken) =>
        Tokens = await mediator.Send(new AccessTokens.List(me.Id), cancellationToken);

    internal sealed class InputModel
    {
        public string? Name { get; set; }

        // Empty unless posted: with no box ticked the binder sets nothing, and a default here would grant "read" unasked.
        public List<string> Scopes { get; set; } = [];

        public int ExpiresInDays { get; set; } = 90;

        public static InputModel Defaults() => new() { Scopes = [MemberPolicy.ReadScope] };
    }
}
