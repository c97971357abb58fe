using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OCoP.Host.Pages;

/// <summary>What people see for a bare status code (the API answers with problem documents instead).</summary>
internal sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code)
    {
        (Title, Explanation) = code switch
        {
            404 => ("Page not found", "There is nothing here, or it is not visible to you."),
            403 => ("Not allowed", "Your account may not see this page."),
            429 => ("Slow down", "Too many attempts in a short time. Wait a minute and try again."),
            _ => ("Something went wrong", $"The server answered {code}."),
        };
    }
}
