using FluentValidation;
using OCoP.Modules.Events.Series;

namespace OCoP.Modules.Events.Calendar;

/// <summary>
/// What an organiser says about an event. <see cref="Start"/>, <see cref="End"/> and <see cref="RsvpDeadline"/> are wall-clock
/// times without an offset (<c>2026-12-10T18:00:00</c>) in <see cref="TimeZone"/>, an IANA zone: the organiser's clock
/// decides, even across a daylight-saving change (docs/adr/0021).
/// </summary>
internal sealed record EventInput(
    string Title,
    string? Description,
    DateTime Start,
    DateTime End,
    string TimeZone,
    AttendanceMode Mode,
    string? MeetingLink,
    string? Place,
    IReadOnlyList<Guid>? HostIds,
    Guid? FacilitatorId,
    int? Capacity,
    DateTime? RsvpDeadline);

/// <summary>A series' rule as the API takes it: weekly (every <c>interval</c> weeks) or monthly on the start's nth weekday.</summary>
internal sealed record RecurrenceInput(RecurrenceFrequency Frequency, int? Interval, DateOnly? Until, int? Count)
{
    public RecurrenceRule ToRule() => new(Frequency, Interval ?? 1, Until, Count);
}

internal sealed class EventInputValidator : AbstractValidator<EventInput>
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 20_000;

    public EventInputValidator()
    {
        RuleFor(e => e.Title).NotEmpty().MaximumLength(MaxTitle);
        RuleFor(e => e.Description).MaximumLength(MaxDescription);
        RuleFor(e => e.TimeZone).Must(zone => EventTimes.TryFind(zone, out _))
            .WithMessage("This is not an IANA time zone, such as Europe/Berlin.");
        RuleFor(e => e.Start).Must(start => start.Kind != DateTimeKind.Utc && start.Year is >= 2000 and <= 2200)
            .WithMessage("Give the start as a wall-clock time without an offset, in the event's time zone.");
        RuleFor(e => e.End).Must((e, end) => end > e.Start).WithMessage("The end must be after the start.")
            .Must((e, end) => end - e.Start <= TimeSpan.FromDays(14)).WithMessage("An event lasts at most 14 days.");
        RuleFor(e => e.Start).Must((e, start) => !EventTimes.TryFind(e.TimeZone, out var zone) || !EventTimes.IsSkipped(start, zone))
            .WithMessage("This time does not exist in the event's time zone (the clocks skip it).");
        RuleFor(e => e.MeetingLink).Must(BeAWebLink!).When(e => !string.IsNullOrWhiteSpace(e.MeetingLink))
            .WithMessage("The meeting link must be an http or https address.");
        RuleFor(e => e.MeetingLink).NotEmpty().When(e => e.Mode is AttendanceMode.Online)
            .WithMessage("An online event needs its meeting link.");
        RuleFor(e => e.Place).NotEmpty().When(e => e.Mode is AttendanceMode.InPerson or AttendanceMode.Hybrid)
            .WithMessage("An event in person needs its place.");
        RuleFor(e => e.Place).MaximumLength(300);
        RuleFor(e => e.Mode).IsInEnum();
        RuleFor(e => e.HostIds).Must(h => h is null || h.Count <= 20).WithMessage("At most 20 hosts.");
        RuleFor(e => e.Capacity).InclusiveBetween(1, 100_000);
        RuleFor(e => e.RsvpDeadline).Must((e, deadline) => deadline is not { } d || d <= e.Start)
            .WithMessage("The RSVP deadline must be before the start.");
    }

    private static bool BeAWebLink(string link) =>
        link.Length <= 2000 && Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

internal sealed class RecurrenceInputValidator : AbstractValidator<RecurrenceInput>
{
    public RecurrenceInputValidator()
    {
        RuleFor(r => r.Frequency).IsInEnum();
        RuleFor(r => r.Interval).InclusiveBetween(1, 52);
        RuleFor(r => r.Count).InclusiveBetween(1, Recurrence.MaxOccurrences)
            .WithMessage($"A series has at most {Recurrence.MaxOccurrences} occurrences.");
        RuleFor(r => r).Must(r => (r.Until is null) != (r.Count is null)).OverridePropertyName("until")
            .WithMessage("Give either until (a date) or count.");
    }
}
