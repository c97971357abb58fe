using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>A group's upcoming events, as an agenda.</summary>
internal sealed class GroupEventsModel(IMediator mediator, IEventsStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    public string Slug { get; private set; } = "";
    public string GroupName { get; private set; } = "Group";

    /// <summary>Whether the shared group rule lets the caller schedule here (the link to the form is shown only then).</summary>
    public bool CanSchedule { get; private set; }
    public CursorPage<EventSummary> Events { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Slug = slug;
            var groupId = await EventPages.GroupIdAsync(store, bus, slug, cancellationToken);
            if (await EventPages.GroupOrNullAsync(store, bus, me, groupId, cancellationToken) is { } group)
            {
                GroupName = group.Name;
                CanSchedule = group.Can(GroupAction.ManageEvents) && !group.IsReadOnly;
            }

            Events = await mediator.Send(new CalendarList.Query(groupId, false, "agenda", null, null, null, cursor, null), cancellationToken);
        });
}
