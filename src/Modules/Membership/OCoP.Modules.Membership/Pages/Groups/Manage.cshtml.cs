using OCoP.Modules.Membership.Access;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The facilitators' page: requests, waiting list, invitations, roles, removals, code of conduct and orientation.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ManageModel(IMediator mediator, IMembershipStore store) : PageModel
{
    public ViewGroups.GroupView Group { get; private set; } = null!;
    public IReadOnlyList<GroupMembers.Entry> Requests { get; private set; } = [];
    public IReadOnlyList<GroupMembers.Entry> WaitingList { get; private set; } = [];
    public IReadOnlyList<GroupMembers.Entry> Members { get; private set; } = [];
    public Dictionary<Guid, OrientationFeature.MemberProgress> Progress { get; private set; } = [];
    public string WelcomeMarkdown { get; private set; } = "";
    public IReadOnlyList<OrientationItem> Checklist { get; private set; } = [];
    public string? InvitationLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostDecideAsync(string slug, Guid memberId, bool approve, string? message, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new Joining.Decide(approve, message) { GroupId = id, MemberId = memberId },
            approve ? "Request approved." : "Request declined.", cancellationToken);

    public Task<IActionResult> OnPostRolesAsync(string slug, Guid memberId, List<GroupRole> roles, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new GroupMembers.SetRoles(roles) { GroupId = id, MemberId = memberId }, "Roles saved.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string slug, Guid memberId, string? reason, bool ban, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new GroupMembers.Remove(reason ?? "", ban) { GroupId = id, MemberId = memberId }, ban ? "Member banned." : "Member removed.",
            cancellationToken);

    public Task<IActionResult> OnPostFeeAsync(string slug, Guid memberId, string? status, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new MembershipTerms.RecordFee(status ?? "") { GroupId = id, MemberId = memberId }, "Fee recorded.", cancellationToken);

    public Task<IActionResult> OnPostCodeAsync(string slug, string? clauses, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new CodeOfConductRules.Publish(Lines(clauses)) { GroupId = id }, "New code of conduct published.", cancellationToken);

    public Task<IActionResult> OnPostOrientationAsync(string slug, string? welcome, string? checklist, CancellationToken cancellationToken) =>
        ActAsync(slug, id =>
        {
            // Keep the ids of items whose text did not change, so members' ticks stay.
            var known = Checklist.ToDictionary(i => i.Text, i => i.Id);
            var items = Lines(checklist).Select(text => new OrientationFeature.ItemInput(known.GetValueOrDefault(text), text)).ToList();
            return new OrientationFeature.Edit(welcome, items) { GroupId = id };
        }, "Orientation saved.", cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(string slug, string? email, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            InvitationLink = (await mediator.Send(new Invitations.Invite(email, null) { GroupId = Group.Id }, cancellationToken)).Link;
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
        }

        return Page();
    }

    private async Task<IActionResult> ActAsync<T>(string slug, Func<Guid, IRequest<T>> request, string notice, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken)
            ? await this.SendThenRedirectAsync(mediator, request(Group.Id), _ => notice, $"/groups/{Group.Slug}/manage", cancellationToken)
            : NotFound();

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            Group = await mediator.Send(new ViewGroups.Get(slug), cancellationToken);
            if (!Group.Viewer.Allowed.Contains(GroupAction.ApproveMembers))
            {
                throw ProblemException.Forbidden("Only the group's facilitators manage its members.");
            }

            Requests = await mediator.Send(new GroupMembers.List(Group.Id, "Requested"), cancellationToken);
            WaitingList = await mediator.Send(new GroupMembers.List(Group.Id, "WaitingList"), cancellationToken);
            Members = await mediator.Send(new GroupMembers.List(Group.Id, "Active"), cancellationToken);
            Progress = (await mediator.Send(new OrientationFeature.Progress(Group.Id), cancellationToken)).ToDictionary(p => p.MemberId);
        }
        catch (ProblemException problem) when (problem.Status is 404 or 403)
        {
            return false;
        }

        await using var session = store.QuerySession();
        var orientation = (await session.LoadAsync<Group>(Group.Id, cancellationToken))!.Orientation;
        WelcomeMarkdown = orientation.WelcomeMarkdown;
        Checklist = orientation.Checklist;
        return true;
    }

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
