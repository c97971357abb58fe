using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Proposals;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Pages.Events;

/// <summary>
/// A group's topic proposals: open ones by votes with the member's vote, a form to propose one, those already scheduled
/// with their event; organisers open the schedule form from a proposal. The same requests as the API.
/// </summary>
internal sealed class ProposalsModel(IMediator mediator, IEventsStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    [BindProperty]
    public ProposalForm Input { get; set; } = new();

    public string Slug { get; private set; } = "";
    public string GroupName { get; private set; } = "Group";

    /// <summary>Whether the shared rule lets the caller propose and vote here.</summary>
    public bool CanPropose { get; private set; }

    /// <summary>Whether the caller may schedule an event from a proposal (the "Schedule" links).</summary>
    public bool CanSchedule { get; private set; }

    public bool SignedIn => me.IsAuthenticated;
    public string? Refusal { get; private set; }
    public IReadOnlyList<ProposalList.Entry> Open { get; private set; } = [];
    public IReadOnlyList<ProposalList.Entry> Scheduled { get; private set; } = [];
    public string? NextCursor { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(() => LoadAsync(slug, cursor, cancellationToken));

    public Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            var groupId = await LoadAsync(slug, null, cancellationToken);
            if (!me.IsAuthenticated)
            {
                throw ProblemException.Unauthorized();
            }

            try
            {
                var proposed = await mediator.Send(new ProposeTopic.Command(Input.Title ?? "", Input.Description) { GroupId = groupId }, cancellationToken);
                TempData["Notice"] = "Your topic is proposed; your vote counts.";
                return Redirect(proposed.Path);
            }
            catch (Exception exception) when (exception is not ProblemException { Status: 401 or 404 } && ModelState.TryAddProblem(exception))
            {
                return (IActionResult?)null;
            }
        });

    public Task<IActionResult> OnPostVoteAsync(string slug, Guid proposalId, bool vote, CancellationToken cancellationToken) =>
        this.LoadThenManagePageAsync(async () =>
        {
            await LoadAsync(slug, null, cancellationToken);
            if (!me.IsAuthenticated)
            {
                throw ProblemException.Unauthorized();
            }

            try
            {
                var voted = await mediator.Send(new VoteOnProposal.Command(vote) { ProposalId = proposalId }, cancellationToken);
                TempData["Notice"] = voted.MyVote ? "Your vote is counted." : "Your vote is taken back.";
                return Redirect($"/groups/{Slug}/events/proposals#proposal-{proposalId}");
            }
            catch (ProblemException problem) when (problem.Status is 403 or 409)
            {
                Refusal = problem.Detail;
                await LoadAsync(slug, null, cancellationToken);
                return (IActionResult?)null;
            }
        });

    private async Task<Guid> LoadAsync(string slug, string? cursor, CancellationToken cancellationToken)
    {
        Slug = slug;
        var groupId = await EventPages.GroupIdAsync(store, bus, slug, cancellationToken);
        if (await EventPages.GroupOrNullAsync(store, bus, me, groupId, cancellationToken) is { } group)
        {
            Slug = group.Slug;
            GroupName = group.Name;
            CanPropose = me.IsAuthenticated && group.Can(GroupAction.Post) && !group.IsReadOnly;
            CanSchedule = group.Can(GroupAction.ManageEvents) && !group.IsReadOnly;
        }

        var page = await mediator.Send(new ProposalList.Query(groupId, cursor, Cursor.MaxLimit), cancellationToken);
        Open = [.. page.Items.Where(p => p.EventId is null)];
        Scheduled = [.. page.Items.Where(p => p.EventId is not null)];
        NextCursor = page.NextCursor;
        return groupId;
    }
}

/// <summary>The propose form's fields (kept when refused).</summary>
internal sealed class ProposalForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
}
