using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Host.Pages;

internal sealed class IndexModel(CurrentMember me) : PageModel
{
    public bool SignedIn => me.IsAuthenticated;
    public string DisplayName => me.DisplayName;
}
