using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages;

/// <summary>What every wiki page does first: find the group's wiki by its slug, and answer a refusal as people expect it.</summary>
internal static class WikiPages
{
    /// <summary>The wiki through the same access rule as the API; a signed-in outsider of a members-only group gets "not found".</summary>
    public static async Task<WikiHome.View> GetWikiAsync(this IMediator mediator, string slug, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(new WikiHome.Query(slug), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status403Forbidden)
        {
            throw ProblemException.NotFound("The group");
        }
    }

    /// <summary>The sign-in page for a visitor; the site's status page for anything else refused.</summary>
    public static IActionResult Refused(this PageModel page, ProblemException problem) =>
        problem.Status == StatusCodes.Status401Unauthorized ? page.Challenge() : page.StatusCode(problem.Status);

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

    /// <summary>A slug back into words, for the title of a page a red link asks for.</summary>
    public static string TitleFromSlug(string slug) =>
        slug.Length == 0 ? "" : char.ToUpperInvariant(slug[0]) + slug[1..].Replace('-', ' ');
}
