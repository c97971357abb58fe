using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using FluentValidation;
using OCoP.Modules.Events.Agenda;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Breakouts;
using OCoP.Modules.Events.Feedback;
using OCoP.Modules.Events.Materials;
using OCoP.Modules.Events.Series;
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

    /// <summary>The breakout groups, for members of the group and organisers, once made.</summary>
    public BreakoutsView.View? Breakouts { get; private set; }

    /// <summary>The feedback summary, for the event's organisers only.</summary>
    public FeedbackSummary.Summary? Feedback { get; private set; }

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

    public Task<IActionResult> OnPostAgendaAsync(string slug, Guid eventId, string? template, ChangeScope scope, CancellationToken cancellationToken) =>
        ActAsync(slug, eventId, () => mediator.Send(new SetAgenda.Command(null, template, scope) { EventId = eventId }, cancellationToken), "Agenda saved.",
            cancellationToken);

    /// <summary>Adds one link to the materials (keeping the others) and sets the priming question.</summary>
    public Task<IActionResult> OnPostMaterialsAsync(string slug, Guid eventId, string? title, string? url, string? primingQuestion, ChangeScope scope,
        CancellationToken cancellationToken) =>
        ActAsync(slug, eventId, async () =>
        {
            var current = await mediator.Send(new ViewEvent.Query(eventId, null), cancellationToken);
            List<Material> items = [.. current.Materials];
            if (!string.IsNullOrWhiteSpace(url))
            {
                items.Add(new Material(string.IsNullOrWhiteSpace(title) ? url : title, url, null));
            }

            return await mediator.Send(new SetMaterials.Command(items, primingQuestion, scope) { EventId = eventId }, cancellationToken);
        }, "Materials saved.", cancellationToken);

    public Task<IActionResult> OnPostBreakoutsAsync(string slug, Guid eventId, int size, BreakoutSource from, BreakoutMix mix, string? purpose,
        string? meetingLinks, CancellationToken cancellationToken) =>
        ActAsync(slug, eventId, () => mediator.Send(new MakeBreakouts.Command(size, from, purpose,
            meetingLinks?.Split(['\n', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), mix) { EventId = eventId }, cancellationToken),
            "Breakout groups made.", cancellationToken);

    public Task<IActionResult> OnPostFeedbackAsync(string slug, Guid eventId, int rating, string? whatWorked, string? whatToChange,
        CancellationToken cancellationToken) =>
        ActAsync(slug, eventId, () => mediator.Send(new GiveFeedback.Command(rating, whatWorked, whatToChange) { EventId = eventId }, cancellationToken),
            "Thank you for your feedback.", cancellationToken);

    public Task<IActionResult> OnPostReflectionTopicAsync(string slug, Guid eventId, CancellationToken cancellationToken) =>
        ActAsync(slug, eventId, () => mediator.Send(new Reflection.OpenReflectionTopic.Command(eventId), cancellationToken),
            "Asked the group's forum to open the reflection topic.", cancellationToken);

    /// <summary>An organiser's or attendee's action on the event: on a refusal the page says why, beside the status line.</summary>
    private Task<IActionResult> ActAsync<T>(string slug, Guid eventId, Func<Task<T>> act, string done, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, eventId, cancellationToken);
            try
            {
                await act();
                Status = done;
            }
            catch (ValidationException invalid)
            {
                Refusal = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage).Distinct());
            }
            catch (ProblemException problem) when (problem.Status is 400 or 403 or 409)
            {
                Refusal = problem.Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : problem.Detail;
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
        Feedback = Event.CanManage ? await mediator.Send(new FeedbackSummary.Query(eventId), cancellationToken) : null;
        Breakouts = User.Identity?.IsAuthenticated == true && (Event.CanManage || Event.MyRsvp is not null || Event.Attended)
            ? await mediator.Send(new BreakoutsView.Query(eventId), cancellationToken)
            : null;
    }
}
