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
internal sealed class SecurityModel(IMediator mediator, CurrentMember me, UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log) : PageModel
{
    /// <summary>A password typed to renew the recovery codes or to turn two-factor off (each form has its own).</summary>
    internal sealed class PasswordForm
    {
        public string? Password { get; set; }
    }

    internal sealed class CodeForm
    {
        public string? Code { get; set; }
    }

    [BindProperty]
    public CodeForm Enable { get; set; } = new();

    [BindProperty]
    public PasswordForm Renew { get; set; } = new();

    [BindProperty]
    public PasswordForm Disable { get; set; } = new();

    public TwoFactor.Status TwoFactorStatus { get; private set; } = new(false, 0);

    /// <summary>The key being set up, until a code from the app turns two-factor on.</summary>
    public TwoFactor.Authenticator? PendingAuthenticator { get; private set; }

    public string? PendingQrCodeSvg { get; private set; }

    /// <summary>Recovery codes just made: shown on this one answer, never again.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    /// <summary>The JSON of the credential the browser made, put here by /js/passkeys.js.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? PasskeyName { get; set; }

    public IReadOnlyList<Accounts.Passkeys.PasskeyView> Passkeys { get; private set; } = [];

    /// <summary>External providers the member signs in with, and whether one may be unlinked (another way in remains).</summary>
    public IReadOnlyList<ExternalSignIn.LinkView> LinkedProviders { get; private set; } = [];

    public bool CanUnlinkProvider { get; private set; }

    public async Task OnGetAsync()
    {
        Passkeys = await Accounts.Passkeys.ListAsync(users, me.Id);
        TwoFactorStatus = await TwoFactor.StatusAsync(users, me.Id);
        PendingAuthenticator = await TwoFactor.PendingAuthenticatorAsync(users, me.Id);
        PendingQrCodeSvg = PendingAuthenticator is null ? null : TwoFactor.QrCodeSvg(PendingAuthenticator.AuthenticatorUri);
        LinkedProviders = await ExternalSignIn.ListAsync(users, me.Id);
        CanUnlinkProvider = await users.FindByIdAsync(me.Id.ToString()) is { } member && ExternalSignIn.CanUnlink(member);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(string provider, CancellationToken cancellationToken)
    {
        try
        {
            await ExternalSignIn.UnlinkAsync(users, signIn, log, me.Id, provider, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            await OnGetAsync();
            return Page();
        }

        TempData["Notice"] = "Provider unlinked: it signs you in no more.";
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostSetUpTwoFactorAsync() =>
        ShowOrRefuseAsync(async () => await TwoFactor.NewAuthenticatorAsync(users, signIn, me.Id), "");

    public Task<IActionResult> OnPostEnableTwoFactorAsync(CancellationToken cancellationToken) =>
        ShowOrRefuseAsync(async () =>
        {
            NewRecoveryCodes = (await mediator.Send(new TwoFactor.Enable(Enable.Code ?? "") { MemberId = me.Id }, cancellationToken)).Codes;
            TempData["Notice"] = "Two-factor sign-in is on.";
        }, nameof(Enable));

    public Task<IActionResult> OnPostRenewRecoveryCodesAsync(CancellationToken cancellationToken) =>
        ShowOrRefuseAsync(async () =>
        {
            NewRecoveryCodes = (await TwoFactor.RenewRecoveryCodesAsync(users, log, me.Id, Renew.Password, cancellationToken)).Codes;
            TempData["Notice"] = "New recovery codes made: the old ones no longer work.";
        }, nameof(Renew));

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await TwoFactor.DisableAsync(users, signIn, log, me.Id, Disable.Password, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: nameof(Disable)))
        {
            await OnGetAsync();
            return Page();
        }

        TempData["Notice"] = "Two-factor sign-in is off.";
        return RedirectToPage();
    }

    /// <summary>Does the change and shows the page again (the new key or codes are on this answer only); a refusal shows its errors.</summary>
    private async Task<IActionResult> ShowOrRefuseAsync(Func<Task> change, string prefix)
    {
        try
        {
            await change();
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix))
        {
        }

        await OnGetAsync(); // password fields are never written back into the page (the input tag helper leaves them empty)
        return Page();
    }

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
