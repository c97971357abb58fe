using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Activity;

namespace OCoP.Modules.Engagement.Pages.Activity;

/// <summary>The signed-in member's home feed: what the members, groups, topics and tags they follow did, newest first.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class FeedModel(IMediator mediator) : PageModel
{
    public CursorPage<ActivityView> Items { get; private set; } = null!;
    public bool Continued { get; private set; }

    public Task<IActionResult> OnGetAsync(string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Continued = cursor is not null;
            Items = await mediator.Send(new Streams.FeedQuery(cursor, null), cancellationToken);
        });
}
