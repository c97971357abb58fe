using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Follows;

namespace OCoP.Modules.Engagement.Pages.Follows;

/// <summary>
/// What the member follows, and the one place every follow control posts to: target (member, group, topic or tag), id,
/// level, and action follow or unfollow; then back to <c>returnUrl</c> when it is a local URL. Other pages link here
/// with <c>?target=topic&amp;id=...&amp;returnUrl=...</c> to offer a follow without building their own form.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class FollowsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<MyFollows.Item> Current { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Current = await mediator.Send(new MyFollows.Query(null), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? intent, CancellationToken cancellationToken)
    {
        var back = ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/follows";
        var result = intent == "unfollow"
            ? await this.SendThenRedirectAsync(mediator, new Following.Unset(Target, Id), _ => "You no longer follow it.", back, cancellationToken)
            : await this.SendThenRedirectAsync(mediator, new Following.Set(Target, Id, Level ?? "normal"),
                f => $"Following at level {f.Level}.", back, cancellationToken);
        if (result is PageResult)
        {
            Current = await mediator.Send(new MyFollows.Query(null), cancellationToken);
        }

        return result;
    }
}
