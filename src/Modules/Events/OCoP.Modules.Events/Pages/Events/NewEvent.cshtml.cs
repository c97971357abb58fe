using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using Wolverine;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>Schedule an event or a series in a group: for those the group's rule lets manage events (facilitators and up).</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewEventModel(IMediator mediator, IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : PageModel
{
    [BindProperty]
    public EventForm Input { get; set; } = new();

    public string Slug { get; private set; } = "";
    public string GroupName { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            await LoadAsync(slug, cancellationToken);
            var zone = await EventPages.MemberZoneAsync(store, me, cancellationToken);
            var nextWeek = EventTimes.InZone(clock.GetUtcNow(), zone).Date.AddDays(7).AddHours(18);
            Input = new EventForm { TimeZone = zone.Id, Start = nextWeek, End = nextWeek.AddHours(1) };
        });

    public Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            var group = await LoadAsync(slug, cancellationToken);
            if (!Input.HasTimes(ModelState))
            {
                return null;
            }

            try
            {
                var scheduled = await mediator.Send(new ScheduleEvent.Command(Input.ToInput(), Input.ToRecurrence()) { GroupId = group.GroupId }, cancellationToken);
                TempData["Notice"] = scheduled.SeriesId is null
                    ? "The event is scheduled."
                    : $"The series is scheduled: {scheduled.OccurrenceIds.Count} occurrences.";
                return Redirect(scheduled.Path);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                EventForm.MoveErrorsToFields(ModelState);
                return null;
            }
        });

    private async Task<Membership.Access.GroupViewer> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var group = await EventPages.GroupManagedByAsync(store, bus, me, slug, cancellationToken);
        Slug = group.Slug;
        GroupName = group.Name;
        return group;
    }
}
