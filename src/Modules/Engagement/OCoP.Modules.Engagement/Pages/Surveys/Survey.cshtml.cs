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

/// <summary>One survey (<c>/groups/{slug}/surveys/{id}</c>): its questions as a form, or a thank-you once answered.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class SurveyModel(IMediator mediator, IEngagementStore store, IMessageBus bus) : PageModel
{
    public GroupSurveys.SurveyView Survey { get; private set; } = null!;
    public bool CanSummarise { get; private set; }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var groupId = await GroupIdAsync(cancellationToken);
        var survey = await mediator.Send(new GroupSurveys.Get(groupId, Id), cancellationToken);
        var answers = survey.Questions.Select((q, i) => new SurveyAnswer(
            int.TryParse(Request.Form[$"rating-{i}"], out var rating) ? rating : null,
            int.TryParse(Request.Form[$"choice-{i}"], out var choice) ? choice : null,
            Request.Form[$"text-{i}"].ToString())).ToList();
        var result = await this.SendThenRedirectAsync(mediator, new GroupSurveys.Answer(groupId, Id, answers), _ => "Thank you: your answers are in.",
            $"/groups/{Slug}/surveys/{Id:N}", cancellationToken);
        if (result is PageResult)
        {
            await LoadAsync(cancellationToken);
        }

        return result;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var groupId = await GroupIdAsync(cancellationToken);
        Survey = await mediator.Send(new GroupSurveys.Get(groupId, Id), cancellationToken);
        try
        {
            await mediator.Send(new GroupSurveys.Summarise(groupId, Id), cancellationToken);
            CanSummarise = true;
        }
        catch (OCoP.BuildingBlocks.Errors.ProblemException)
        {
            CanSummarise = false;
        }
    }

    private async Task<Guid> GroupIdAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
    }
}
