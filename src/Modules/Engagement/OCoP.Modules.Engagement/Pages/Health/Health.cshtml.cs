using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Health;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Health;

/// <summary>
/// The group health dashboard (<c>/groups/{slug}/health</c>): the restart checklist while the group is dormant, figures,
/// last activity by kind, SVG trend charts with a table, CSV export.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class HealthModel(IMediator mediator, IEngagementStore store, IMessageBus bus) : PageModel
{
    public HealthReport Report { get; private set; } = null!;
    public StageReport Stages { get; private set; } = null!;
    public ActivityReport Activity { get; private set; } = null!;
    public IReadOnlyList<Engagement.Surveys.GroupSurveys.SurveyView> Surveys { get; private set; } = [];
    public string Slug { get; private set; } = "";

    [BindProperty] public Guid MemberId { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, bool csv, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken);
            Slug = slug;
            Report = await mediator.Send(new GroupHealth.Query(groupId), cancellationToken);
            Stages = await mediator.Send(new GroupStages.Query(groupId), cancellationToken);
            Activity = await mediator.Send(new DormancyFollowUp.Query(groupId), cancellationToken);
            Surveys = await SurveysOrNoneAsync(groupId, cancellationToken);
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status == StatusCodes.Status401Unauthorized ? StatusCodes.Status404NotFound : problem.Status);
        }

        return csv
            ? File(System.Text.Encoding.UTF8.GetBytes(GroupHealth.Csv(Report)), "text/csv", $"{slug}-health-{Report.To:yyyy-MM-dd}.csv")
            : Page();
    }

    /// <summary>The group's surveys; none for a site administrator who is not a member (surveys are for members).</summary>
    private async Task<IReadOnlyList<Engagement.Surveys.GroupSurveys.SurveyView>> SurveysOrNoneAsync(Guid groupId, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(new Engagement.Surveys.GroupSurveys.ListOf(groupId), cancellationToken);
        }
        catch (ProblemException)
        {
            return [];
        }
    }

    /// <summary>"Send a welcome" beside a stuck member: the default welcome as a private message, then back to the dashboard.</summary>
    public async Task<IActionResult> OnPostWelcomeAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken);
            await mediator.Send(new WelcomeMember.Command(groupId, MemberId, null), cancellationToken);
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status == StatusCodes.Status401Unauthorized ? StatusCodes.Status404NotFound : problem.Status);
        }

        TempData["Notice"] = "Welcome sent as a private message.";
        return Redirect($"/groups/{slug}/health#stages");
    }
}
