using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Health;

namespace OCoP.Modules.Engagement.Pages.Stages;

/// <summary>
/// The member's own stage in each of their groups with the next step (docs/health.md "On the profile"), and the one
/// place the "hide my stages" choice posts to; then back to <c>returnUrl</c> when it is a local URL (their profile).
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class MyStagesModel(IMediator mediator, CurrentMember me) : PageModel
{
    public MemberStages.MemberStagesView Stages { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Stages = await mediator.Send(new MemberStages.Query(me.Id), cancellationToken);

    public async Task<IActionResult> OnPostAsync(bool hidden, CancellationToken cancellationToken)
    {
        var back = ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/me/stages";
        var result = await this.SendThenRedirectAsync(mediator, new MemberStages.ChangeDisplay(hidden),
            v => v.Hidden ? "Your stages are hidden from others." : "Your stages are shown on your profile.", back, cancellationToken);
        if (result is PageResult)
        {
            Stages = await mediator.Send(new MemberStages.Query(me.Id), cancellationToken);
        }

        return result;
    }
}
