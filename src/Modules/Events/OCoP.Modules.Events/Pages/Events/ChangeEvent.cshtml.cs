using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Series;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>
/// Change or cancel an event (or this and the following occurrences of its series): for its organisers, as
/// <see cref="EventAccess.RequireOrganiser"/> decides with the shared group rule. Everyone else gets the refusal page.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ChangeEventModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public EventForm Input { get; set; } = new();

    [BindProperty]
    public ChangeScope Scope { get; set; } = ChangeScope.ThisOccurrence;

    public EventView Event { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, Guid eventId, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            Input = EventForm.Of(Event);
        });

    public Task<IActionResult> OnPostAsync(string slug, Guid eventId, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            if (!Input.HasTimes(ModelState))
            {
                return null;
            }

            try
            {
                var changed = await mediator.Send(new EditEvent.Command(Input.ToInput(Event.HostIds, Event.FacilitatorId), Scope) { EventId = eventId },
                    cancellationToken);
                TempData["Notice"] = Scope == ChangeScope.ThisAndFollowing ? "This and the following occurrences are changed." : "The event is changed.";
                return Redirect(changed.Path);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                EventForm.MoveErrorsToFields(ModelState);
                return null;
            }
        });

    public Task<IActionResult> OnPostCancelAsync(string slug, Guid eventId, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            Input = EventForm.Of(Event);
            try
            {
                await mediator.Send(new CancelEvent.Command(Scope) { EventId = eventId }, cancellationToken);
                TempData["Notice"] = Scope == ChangeScope.ThisAndFollowing ? "This and the following occurrences are cancelled." : "The event is cancelled.";
                return Redirect(Event.Path);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return null;
            }
        });

    /// <summary>The event as its organiser sees it (meeting link included); anyone else is refused before the form shows.</summary>
    private async Task LoadAsync(string slug, Guid eventId, CancellationToken cancellationToken)
    {
        Event = await mediator.Send(new ViewEvent.Query(eventId, null), cancellationToken);
        if (Event.GroupSlug != slug)
        {
            throw EventAccess.NotFound();
        }

        if (!Event.CanManage)
        {
            throw OCoP.BuildingBlocks.Errors.ProblemException.Forbidden("Only the group's facilitators and the event's hosts change or cancel it.");
        }
    }
}
