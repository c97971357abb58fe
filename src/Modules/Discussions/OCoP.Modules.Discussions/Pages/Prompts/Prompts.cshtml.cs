using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Prompts;

namespace OCoP.Modules.Discussions.Pages.Prompts;

/// <summary>
/// A group's scheduled prompts (<c>/groups/{slug}/prompts</c>, docs/workbench.md): the list with each occurrence (linked
/// to the topic it posted) and the form that schedules one, through the API's own requests. The time is typed in the
/// member's own time zone. Facilitators and sponsors only; anyone else gets "not found", as for a page that is not there.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class PromptsModel(IMediator mediator, CurrentMember me, TimeProvider clock) : PageModel
{
    public const string DateTimeFormat = "yyyy-MM-ddTHH:mm";

    public Forum.View Group { get; private set; } = null!;
    public IReadOnlyList<SchedulePrompt.PromptView> Prompts { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    // The form's values as typed, so a refused form comes back with every one of them.
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string PostAt { get; private set; } = "";
    public string Weeks { get; private set; } = "";

    /// <summary>The prompt the form changes (its author's "Change"), or null when the form schedules a new one.</summary>
    public SchedulePrompt.PromptView? Editing { get; private set; }

    public bool IsReadOnly => Group.Status is OCoP.Modules.Membership.Contracts.GroupStatus.Archived or OCoP.Modules.Membership.Contracts.GroupStatus.Closed;

    public Task<IActionResult> OnGetAsync(string slug, Guid? edit, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, cancellationToken);
            if (edit is not null && Editable(edit.Value) is { } prompt)
            {
                (Editing, Title, Body, PostAt) = (prompt, prompt.Title, prompt.Body, Local(prompt.FirstAt));
                Weeks = prompt.Occurrences > 1 ? prompt.Occurrences.ToString(CultureInfo.InvariantCulture) : "";
                return;
            }

            // Tomorrow at nine, the member's time: a usual moment for a question, changed at will.
            var tomorrow = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).Date.AddDays(1).AddHours(9);
            PostAt = tomorrow.ToString(DateTimeFormat, CultureInfo.InvariantCulture);
        });

    public Task<IActionResult> OnPostAsync(string slug, string? title, string? body, string? postAt, string? weeks, Guid? promptId,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            (Title, Body, PostAt, Weeks) = (title ?? "", body ?? "", postAt?.Trim() ?? "", weeks?.Trim() ?? "");
            Editing = promptId is null ? null : Editable(promptId.Value) ?? throw ProblemException.NotFound("The prompt");
            var at = ReadPostAt();
            var series = ReadWeeks();
            if (ModelState.ErrorCount > 0)
            {
                return Page(); // what the form could not read is said before anything is sent
            }

            try
            {
                if (Editing is { } editing)
                {
                    // The field shows minutes: an unchanged field means the prompt's own time, to the second.
                    at = PostAt == Local(editing.FirstAt) ? editing.FirstAt : at;
                    await mediator.Send(new ChangePrompt.Change(Group.GroupId, editing.Id, title, body, at, series), cancellationToken);
                    TempData["Notice"] = "The prompt is changed.";
                    return Redirect(SchedulePrompt.PathOf(Group.Slug));
                }

                var scheduled = await mediator.Send(new SchedulePrompt.Command(Group.GroupId, title, body, at, series), cancellationToken);
                TempData["Notice"] = scheduled.Occurrences == 1
                    ? $"The prompt is scheduled for {Dates.Absolute(scheduled.FirstAt, Zone)}."
                    : $"The series is scheduled: {scheduled.Occurrences} weekly prompts from {Dates.Absolute(scheduled.FirstAt, Zone)}.";
                return Redirect(SchedulePrompt.PathOf(Group.Slug));
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }
        });

    /// <summary>"Cancel the rest": the occurrences not yet posted are not posted; the list says so.</summary>
    public Task<IActionResult> OnPostCancelAsync(string slug, Guid promptId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            var cancelled = await mediator.Send(new ChangePrompt.Cancel(Group.GroupId, promptId), cancellationToken);
            TempData["Notice"] = $"“{cancelled.Title}” is cancelled: nothing more of it will be posted.";
            return Redirect(SchedulePrompt.PathOf(Group.Slug));
        });

    /// <summary>Whether anything of the prompt is still to be posted (so it can be cancelled).</summary>
    public static bool IsPending(SchedulePrompt.PromptView prompt) =>
        !prompt.Cancelled && prompt.Posted.Count + prompt.Failed.Count < prompt.Occurrences;

    /// <summary>The viewer's own prompt with something still to post: theirs to change.</summary>
    public bool CanChange(SchedulePrompt.PromptView prompt) => prompt.AuthorId == me.Id && IsPending(prompt) && !IsReadOnly;

    private SchedulePrompt.PromptView? Editable(Guid promptId) => Prompts.FirstOrDefault(p => p.Id == promptId && CanChange(p));

    private string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>When an occurrence of <paramref name="prompt"/> is (or was) due.</summary>
    public static DateTimeOffset At(SchedulePrompt.PromptView prompt, int occurrence) => prompt.FirstAt + ScheduledPrompt.SeriesInterval * occurrence;

    /// <summary>The date-time field's value (no zone: the member's own), in UTC; null with a field error when unreadable.</summary>
    private DateTimeOffset? ReadPostAt()
    {
        if (PostAt.Length == 0)
        {
            return null; // the request's own rule says it is needed
        }

        if (!DateTime.TryParse(PostAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            ModelState.AddModelError("PostAt", "Give the date and time to post at, such as 2026-03-05 09:00.");
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            ModelState.AddModelError("PostAt", $"That time does not exist in {Zone.Id} (the clocks change then): choose another.");
            return null;
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private int? ReadWeeks()
    {
        if (Weeks.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(Weeks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            ModelState.AddModelError("Weeks", $"A series runs 1 to {SchedulePrompt.MaxOccurrences} weeks: give a number, or leave it empty.");
            return null;
        }

        return count;
    }

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Zone = Dates.Zone(me.TimeZone);
        try
        {
            Group = await mediator.Send(new Forum.Get(null, slug), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status403Forbidden)
        {
            throw ProblemException.NotFound("The page");
        }

        if (!Group.Viewer.CanModerate)
        {
            throw ProblemException.NotFound("The page");
        }

        Prompts = await mediator.Send(new SchedulePrompt.ListOf(Group.GroupId), cancellationToken);
    }
}
