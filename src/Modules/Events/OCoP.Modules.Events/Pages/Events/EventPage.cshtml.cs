using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>One event: when (in the member's zone), where, who is going, and the member's own answer.</summary>
internal sealed class EventPageModel(IMediator mediator) : PageModel
{
    public EventView Event { get; private set; } = null!;
    public IReadOnlyList<Attendees.Attendee> Answers { get; private set; } = [];
    public string? Status { get; private set; }
    public string? Refusal { get; private set; }

    /// <summary>The attendance sheet, for the event's organisers only.</summary>
    public AttendanceReport.Report? Attendance { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, Guid eventId, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(() => LoadAsync(slug, eventId, cancellationToken));

    public Task<IActionResult> OnPostAsync(string slug, Guid eventId, RsvpAnswer answer, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            try
            {
                var answered = await mediator.Send(new Respond.Command(answer) { EventId = eventId }, cancellationToken);
                Status = answered switch
                {
                    { Waiting: true } => $"You are on the waiting list, place {answered.WaitingPlace}.",
                    { Answer: RsvpAnswer.Going } => "You are going.",
                    { Answer: RsvpAnswer.Maybe } => "You might go.",
                    _ => "You are not going.",
                };
            }
            catch (ProblemException problem) when (problem.Status is 403 or 409)
            {
                Refusal = problem.Detail;
            }

            await LoadAsync(slug, eventId, cancellationToken);
        });

    public Task<IActionResult> OnPostCheckInAsync(string slug, Guid eventId, string? code, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            try
            {
                await mediator.Send(new CheckIn.Command(code ?? "") { EventId = eventId }, cancellationToken);
                Status = "You are checked in.";
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
            }

            await LoadAsync(slug, eventId, cancellationToken);
        });

    /// <summary>The organisers' sheet: ticked members are checked in, unticked ones that were listed are checked out.</summary>
    public Task<IActionResult> OnPostAttendanceAsync(string slug, Guid eventId, List<Guid> present, List<Guid> listed, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            try
            {
                if (present.Count > 0)
                {
                    await mediator.Send(new RecordAttendance.Command(present, true) { EventId = eventId }, cancellationToken);
                }

                var absent = listed.Except(present).ToList();
                if (absent.Count > 0)
                {
                    await mediator.Send(new RecordAttendance.Command(absent, false) { EventId = eventId }, cancellationToken);
                }

                Status = "Attendance recorded.";
            }
            catch (ProblemException problem) when (problem.Status is 400 or 403 or 409)
            {
                Refusal = problem.Detail;
            }

            await LoadAsync(slug, eventId, cancellationToken);
        });

    private async Task LoadAsync(string slug, Guid eventId, CancellationToken cancellationToken)
    {
        Event = await mediator.Send(new ViewEvent.Query(eventId, null), cancellationToken);
        if (Event.GroupSlug != slug)
        {
            throw EventAccess.NotFound();
        }

        Attendance = Event.CanManage ? await mediator.Send(new AttendanceReport.Query(eventId), cancellationToken) : null;
        Answers = (await mediator.Send(new Attendees.Query(eventId, null, 100), cancellationToken)).Items;
    }
}
