using Microsoft.AspNetCore.Mvc.ModelBinding;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Series;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>
/// The schedule and change forms' fields, flat as a form posts them; the API's request shape (event + recurrence) is
/// built from them, and its field errors are moved back beside these fields.
/// </summary>
internal sealed class EventForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public DateTime? Start { get; set; }
    public DateTime? End { get; set; }
    public string? TimeZone { get; set; }
    public AttendanceMode Mode { get; set; } = AttendanceMode.Online;
    public string? MeetingLink { get; set; }
    public string? Place { get; set; }
    public int? Capacity { get; set; }
    public DateTime? RsvpDeadline { get; set; }

    /// <summary>"Once", "Weekly" or "Monthly"; only when scheduling.</summary>
    public string Repeat { get; set; } = "Once";

    /// <summary>The topic proposal this event takes up (only when scheduling, from the proposals page's "Schedule").</summary>
    public Guid? ProposalId { get; set; }

    public int? Interval { get; set; }
    public int? Count { get; set; }
    public DateOnly? Until { get; set; }

    /// <summary>Hosts and facilitator are kept as they are when the form changes an event (the form does not edit them).</summary>
    public EventInput ToInput(IReadOnlyList<Guid>? hostIds = null, Guid? facilitatorId = null) =>
        new(Title ?? "", Description, Start ?? default, End ?? default, TimeZone?.Trim() ?? "", Mode, MeetingLink, Place, hostIds, facilitatorId, Capacity,
            RsvpDeadline);

    public RecurrenceInput? ToRecurrence() => Repeat switch
    {
        "Weekly" => new RecurrenceInput(RecurrenceFrequency.Weekly, Interval ?? 1, Until, Count),
        "Monthly" => new RecurrenceInput(RecurrenceFrequency.MonthlyByWeekday, 1, Until, Count),
        _ => null,
    };

    public static EventForm Of(EventView view) => new()
    {
        Title = view.Title, Description = view.Description, Start = view.Start, End = view.End, TimeZone = view.TimeZone, Mode = view.Mode,
        MeetingLink = view.MeetingLink, Place = view.Place, Capacity = view.Capacity,
        RsvpDeadline = view.RsvpDeadline is { } deadline ? TimeZoneInfo.ConvertTime(deadline, EventTimes.Find(view.TimeZone)).DateTime : null,
    };

    /// <summary>Empty date fields are refused here with plain words (the API would only see a default date).</summary>
    public bool HasTimes(ModelStateDictionary modelState)
    {
        if (Start is null)
        {
            modelState.AddModelError("Input.Start", "Enter the start date and time.");
        }

        if (End is null)
        {
            modelState.AddModelError("Input.End", "Enter the end date and time.");
        }

        return Start is not null && End is not null;
    }

    /// <summary>The API names fields "event.title" and "recurrence.count"; the form calls them "Input.Title" and "Input.Count".</summary>
    public static void MoveErrorsToFields(ModelStateDictionary modelState)
    {
        foreach (var field in new[]
                 {
                     nameof(Title), nameof(Description), nameof(Start), nameof(End), nameof(TimeZone), nameof(Mode), nameof(MeetingLink), nameof(Place),
                     nameof(Capacity), nameof(RsvpDeadline),
                 })
        {
            modelState.MoveErrors($"Event.{field}", $"Input.{field}");
        }

        foreach (var field in new[] { nameof(Interval), nameof(Count), nameof(Until) })
        {
            modelState.MoveErrors($"Recurrence.{field}", $"Input.{field}");
        }

        modelState.MoveErrors("Recurrence", "Input.Repeat");
        modelState.MoveErrors(nameof(ProposalId), "Input.Title");
        modelState.MoveErrors("Event", "Input.Title");
    }
}
