using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>The member's own calendar: events they are going to, waiting for, or might go to.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class MyEventsModel(IMediator mediator) : PageModel
{
    public CursorPage<EventSummary> Events { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
            Events = await mediator.Send(new CalendarList.Query(null, true, "agenda", null, null, null, cursor, null), cancellationToken));
}
