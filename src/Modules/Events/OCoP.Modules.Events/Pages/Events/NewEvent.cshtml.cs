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

    /// <summary>The proposal the form takes up (from the proposals page), named above the form.</summary>
    public string? ProposalTitle { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, Guid? proposal, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            var group = await LoadAsync(slug, cancellationToken);
            var zone = await EventPages.MemberZoneAsync(store, me, cancellationToken);
            var nextWeek = EventTimes.InZone(clock.GetUtcNow(), zone).Date.AddDays(7).AddHours(18);
            Input = new EventForm { TimeZone = zone.Id, Start = nextWeek, End = nextWeek.AddHours(1) };
            if (proposal is { } proposalId && await OpenProposalAsync(group.GroupId, proposalId, cancellationToken) is { } taken)
            {
                Input.ProposalId = taken.Id;
                Input.Title = taken.Title;
                Input.Description = taken.Description;
                ProposalTitle = taken.Title;
            }
        });

    public Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            var group = await LoadAsync(slug, cancellationToken);
            ProposalTitle = Input.ProposalId is null ? null : Input.Title;
            if (!Input.HasTimes(ModelState))
            {
                return null;
            }

            try
            {
                var scheduled = await mediator.Send(new ScheduleEvent.Command(Input.ToInput(), Input.ToRecurrence(), Input.ProposalId) { GroupId = group.GroupId }, cancellationToken);
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

    /// <summary>
    /// The open proposal among the group's list (the API's own query: open ones come first, at most
    /// TopicProposal.MaxOpenPerGroup of them, so a few pages at most); null when it is unknown or already scheduled.
    /// </summary>
    private async Task<Proposals.ProposalList.Entry?> OpenProposalAsync(Guid groupId, Guid proposalId, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await mediator.Send(new Proposals.ProposalList.Query(groupId, cursor, OCoP.BuildingBlocks.Paging.Cursor.MaxLimit), cancellationToken);
            if (page.Items.FirstOrDefault(p => p.Id == proposalId) is { } found)
            {
                return found.EventId is null ? found : null;
            }

            if (page.Items.Any(p => p.EventId is not null))
            {
                return null;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return null;
    }

    private async Task<Membership.Access.GroupViewer> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var group = await EventPages.GroupManagedByAsync(store, bus, me, slug, cancellationToken);
        Slug = group.Slug;
        GroupName = group.Name;
        return group;
    }
}
