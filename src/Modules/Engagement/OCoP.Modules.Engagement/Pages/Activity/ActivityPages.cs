using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Follows;

namespace OCoP.Modules.Engagement.Pages.Activity;

/// <summary>What the activity pages share: answering a refusal as people expect it, and the reader's current follow.</summary>
internal static class ActivityPages
{
    /// <summary>Loads what the page shows; a visitor refused is asked to sign in, anyone else gets the status page.</summary>
    public static async Task<IActionResult> LoadThenPageAsync(this PageModel page, Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (ProblemException problem)
        {
            return problem.Status == StatusCodes.Status401Unauthorized ? page.Challenge()
                : page.StatusCode(problem.Status == StatusCodes.Status403Forbidden ? StatusCodes.Status404NotFound : problem.Status);
        }

        return page.Page();
    }

    /// <summary>The level at which the signed-in member follows the thing, or null (also for visitors).</summary>
    public static async Task<string?> LevelAsync(IEngagementStore store, CurrentMember me, FollowTarget target, Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsAuthenticated)
        {
            return null;
        }

        await using var session = store.QuerySession();
        var follow = await session.LoadAsync<Follow>(Follow.IdFor(me.Id, target, Follow.TargetIdFor(id)), cancellationToken);
        return follow?.Level.ToString().ToLowerInvariant();
    }

    public static readonly string[] Levels = ["watching", "tracking", "normal", "muted"];
}
