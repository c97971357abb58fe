using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Health;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Pages.Health;

/// <summary>The group health dashboard (<c>/groups/{slug}/health</c>): figures, SVG trend charts with a table, CSV export.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class HealthModel(IMediator mediator, IEngagementStore store) : PageModel
{
    public HealthReport Report { get; private set; } = null!;
    public string Slug { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, bool csv, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, slug, cancellationToken);
            Slug = slug;
            Report = await mediator.Send(new GroupHealth.Query(groupId), cancellationToken);
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status == StatusCodes.Status401Unauthorized ? StatusCodes.Status404NotFound : problem.Status);
        }

        return csv
            ? File(System.Text.Encoding.UTF8.GetBytes(GroupHealth.Csv(Report)), "text/csv", $"{slug}-health-{Report.To:yyyy-MM-dd}.csv")
            : Page();
    }
}
