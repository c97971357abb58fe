using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

/// <summary>
/// Where a provider's sign-in lands: reads the provider's answer from Identity's temporary external cookie (and clears
/// it), then signs in, links or registers (<see cref="ExternalSignIn.Handler"/>). A refusal is shown on the sign-in page.
/// </summary>
[EnableRateLimiting(RateLimitPolicies.Account)]
internal sealed class ExternalCallbackModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        var result = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!result.Succeeded || result.Properties?.Items.TryGetValue(ExternalSignIn.ProviderItem, out var key) != true || key is null)
        {
            return Refused("Signing in with the provider did not finish: try again.");
        }

        var principal = result.Principal!;
        var command = new ExternalSignIn.Command(
            key,
            principal.FindFirst("sub")?.Value ?? "",
            principal.FindFirst("email")?.Value,
            string.Equals(principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirst("name")?.Value);
        try
        {
            await mediator.Send(command, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            return Refused(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private LocalRedirectResult Refused(string message)
    {
        TempData[ExternalSignIn.ErrorTempDataKey] = message;
        return LocalRedirect("/account/sign-in");
    }
}
