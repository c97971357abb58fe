using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

internal sealed class IndexModel(IMediator mediator, CurrentMember me) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Topic { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public bool SignedIn => me.IsAuthenticated;

    public CursorPage<ViewGroups.Listing> Results { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Results = await mediator.Send(new ViewGroups.Browse(Q, Topic, Cursor, 24), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
        }
    }
}
