using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Pages.Account;

/// <summary>Signing out is a POST (with antiforgery), so that a link or an image elsewhere cannot sign a member out.</summary>
internal sealed class SignOutModel(SignInManager<Member> signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData["Notice"] = "You are signed out.";
        return LocalRedirect("/");
    }
}
