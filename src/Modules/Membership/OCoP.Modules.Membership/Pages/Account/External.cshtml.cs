using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.Modules.Membership.Accounts;

namespace OCoP.Modules.Membership.Pages.Account;

/// <summary>"Sign in with {provider}": sends the browser to the provider (authorization code with PKCE); it comes back to
/// <see cref="ExternalCallbackModel"/> through the provider's callback path.</summary>
internal sealed class ExternalModel(ExternalSignIn.Providers providers) : PageModel
{
    public IActionResult OnGet(string key, string? returnUrl)
    {
        var provider = providers.Find(key);
        if (provider is null)
        {
            return NotFound();
        }

        var back = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        var properties = new AuthenticationProperties { RedirectUri = "/account/external/callback?returnUrl=" + Uri.EscapeDataString(back) };
        properties.Items[ExternalSignIn.ProviderItem] = provider.Key;
        return Challenge(properties, provider.Scheme);
    }
}
