using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>A group's upcoming events, as an agenda.</summary>
internal sealed class GroupEventsModel(IMediator mediator, IEventsStore store) : PageModel
{
    public string Slug { get; private set; } = "";
    public CursorPage<EventSummary> Events { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Slug = slug;
            var groupId = await EventPages.GroupIdAsync(store, slug, cancellationToken);
            Events = await mediator.Send(new CalendarList.Query(groupId, false, "agenda", null, null, null, cursor, null), cancellationToken);
        });
}
