using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;

namespace OCoP.Modules.Discussions.Pages;

/// <summary>What every forum page does first: find the forum by the group's slug, and answer a refusal as people expect it.</summary>
internal static class ForumPages
{
    /// <summary>
    /// The forum as the current member sees it, through the same access rules as the API. A signed-in outsider of a
    /// members-only group, which they can see, is told to join to read (a secret group stays "not found"); a visitor is
    /// asked to sign in.
    /// </summary>
    public static async Task<Forum.View> GetForumAsync(this IMediator mediator, string slug, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(new Forum.Get(null, slug), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status403Forbidden)
        {
            throw PageRefusals.MembersOnly(problem.Detail ?? "Only the group's members read its forum.", $"/groups/{slug}");
        }
    }

    /// <summary>
    /// The sign-in page (coming back here after) for a visitor; "join to read" for members-only content; the site's
    /// status page for anything else refused.
    /// </summary>
    public static IActionResult Refused(this PageModel page, ProblemException problem)
    {
        PageRefusals.Remember(page.HttpContext, problem);
        return problem.Status == StatusCodes.Status401Unauthorized ? page.Challenge() : page.StatusCode(problem.Status);
    }

    /// <summary>Loads what the page shows, then does the rest; a refusal while loading answers the whole request.</summary>
    public static async Task<IActionResult> LoadThenAsync(this PageModel page, Func<Task> load, Func<Task<IActionResult>> then)
    {
        try
        {
            await load();
        }
        catch (ProblemException problem)
        {
            return page.Refused(problem);
        }

        return await then();
    }

    public static Task<IActionResult> LoadThenPageAsync(this PageModel page, Func<Task> load) =>
        page.LoadThenAsync(load, () => Task.FromResult<IActionResult>(page.Page()));
}
