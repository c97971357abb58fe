using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Events.Pages;

/// <summary>What the event pages share: the group by its slug, refusals as people expect them, times as people read them.</summary>
internal static class EventPages
{
    public static async Task<Guid> GroupIdAsync(IEventsStore store, string slug, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await GroupAccess.IdOfAsync(session, slug, cancellationToken);
    }

    /// <summary>Loads what the page shows; a visitor is asked to sign in, a signed-in outsider of a members-only group gets "not found".</summary>
    public static async Task<IActionResult> LoadThenPageAsync(this PageModel page, Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (ProblemException problem)
        {
            return problem.Status switch
            {
                StatusCodes.Status401Unauthorized => page.Challenge(),
                StatusCodes.Status403Forbidden => page.NotFound(),
                _ => page.StatusCode(problem.Status),
            };
        }

        return page.Page();
    }

    public static string When(DateTimeOffset at) => at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Mode(Calendar.AttendanceMode mode) => mode switch
    {
        Calendar.AttendanceMode.InPerson => "In person",
        Calendar.AttendanceMode.Hybrid => "Hybrid: in person and online",
        _ => "Online",
    };
}
