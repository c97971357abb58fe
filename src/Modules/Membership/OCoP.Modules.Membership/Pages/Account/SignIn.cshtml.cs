using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

[EnableRateLimiting(RateLimitPolicies.Account)] // password guessing through the page is limited like through the API
internal sealed class SignInModel(IMediator mediator, ExternalSignIn.Providers providers) : PageModel
{
    /// <summary>The configured OpenID Connect providers: one "Sign in with …" button each.</summary>
    public IReadOnlyList<ExternalSignIn.Provider> Providers => providers.All;

    public void OnGet()
    {
        // A provider's sign-in that was refused comes back here with its reason.
        if (TempData[ExternalSignIn.ErrorTempDataKey] is string error)
        {
            ModelState.AddModelError("", error);
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>403 (address not confirmed) and 423 (locked) each come with a way out.</summary>
    public int? RefusedStatus { get; private set; }

    public bool AsksForSecondFactor { get; private set; }

    /// <summary>The JSON of the credential the browser answered, put here by /js/passkeys.js.</summary>
    [BindProperty]
    public string? PasskeyCredential { get; set; }

    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear(); // the password form's fields are not part of this one
        try
        {
            await mediator.Send(new Passkeys.SignInWithPasskey(PasskeyCredential ?? ""), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            RefusedStatus = (exception as ProblemException)?.Status;
            PasskeyCredential = null;
            ModelState.Remove(nameof(PasskeyCredential));
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new SignIn.Command(Input.Email ?? "", Input.Password ?? "", Input.RememberMe,
                NullIfBlank(Input.TwoFactorCode), NullIfBlank(Input.RecoveryCode)), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            RefusedStatus = (exception as ProblemException)?.Status;
            // The password was right and a second factor is on: the form asks for the code (and keeps the password).
            AsksForSecondFactor = exception is ProblemException { Title: Accounts.SignIn.TwoFactorRequiredTitle } ||
                                  !string.IsNullOrWhiteSpace(Input.TwoFactorCode) || !string.IsNullOrWhiteSpace(Input.RecoveryCode);
            return Page();
        }

        // Only local return addresses: an open redirect would let a link send members anywhere after sign-in.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    internal sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
        public string? TwoFactorCode { get; set; }
        public string? RecoveryCode { get; set; }
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
