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

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Tokens = await mediator.Send(new AccessTokens.List(me.Id), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            Created = await mediator.Send(new AccessTokens.Create(Input.Name ?? "", Input.Scopes, Input.ExpiresInDays) { MemberId = me.Id },
                cancellationToken);
            Input = new InputModel();
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception))
        {
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await mediator.Send(new AccessTokens.Revoke(me.Id, id), cancellationToken);
        TempData["Notice"] = "Token revoked.";
        return RedirectToPage();
    }

    internal sealed class InputModel
    {
        public string? Name { get; set; }
        public List<string> Scopes { get; set; } = [MemberPolicy.ReadScope];
        public int ExpiresInDays { get; set; } = 90;
    }
}
