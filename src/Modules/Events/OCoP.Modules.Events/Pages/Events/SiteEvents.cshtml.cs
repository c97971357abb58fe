using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>The site-wide calendar: upcoming events of every group the visitor or member may read.</summary>
internal sealed class SiteEventsModel(IMediator mediator) : PageModel
{
    public CursorPage<EventSummary> Events { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
            Events = await mediator.Send(new CalendarList.Query(null, false, "agenda", null, null, null, cursor, null), cancellationToken));
}
