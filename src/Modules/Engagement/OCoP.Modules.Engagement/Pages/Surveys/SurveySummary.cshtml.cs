using Marten;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Surveys;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Surveys;

/// <summary>A survey's summary (<c>/groups/{slug}/surveys/{id}/summary</c>), for facilitators and sponsors.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class SurveySummaryModel(IMediator mediator, IEngagementStore store, IMessageBus bus) : PageModel
{
    public GroupSurveys.SurveySummary Summary { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Guid groupId;
        await using (var session = store.QuerySession())
        {
            groupId = await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
        }

        Summary = await mediator.Send(new GroupSurveys.Summarise(groupId, Id), cancellationToken);
        return Page();
    }
}
