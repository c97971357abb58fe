using Marten;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Groups;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>A group's home: charter, code of conduct, facilitators, and the join button whose wording follows the policy.</summary>
internal sealed class HomeModel(IMediator mediator, CurrentMember me, IMembershipStore store) : PageModel
{
    public ViewGroups.GroupView Group { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Facilitators { get; private set; } = [];

    /// <summary>The group's members with their roles, for those who may read the group; null for the others.</summary>
    public IReadOnlyList<GroupMembers.Entry>? Members { get; private set; }

    public bool SignedIn => me.IsAuthenticated;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostJoinAsync(string slug, int? acceptCode, string? message, bool joinWaitingList, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new Joining.Join(acceptCode, message, joinWaitingList) { GroupId = id }, result => result.State switch
        {
            "Requested" => "Your request is on its way to the facilitators.",
            "WaitingList" => "The group is full: you are on the waiting list.",
            _ => "Welcome to the group! Your orientation checklist is waiting.",
        }, cancellationToken);

    public Task<IActionResult> OnPostLeaveAsync(string slug, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new Joining.Leave(id), _ => "You left the group.", cancellationToken);

    public Task<IActionResult> OnPostAcceptCodeAsync(string slug, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new CodeOfConductRules.Accept(Group.CodeOfConduct?.Version ?? 0) { GroupId = id }, _ => "Thank you.", cancellationToken);

    public Task<IActionResult> OnPostRenewAsync(string slug, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new MembershipTerms.Renew(id), _ => "Welcome back.", cancellationToken);

    private async Task<IActionResult> ActAsync<T>(string slug, Func<Guid, IRequest<T>> request, Func<T, string> notice, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken)
            ? await this.SendThenRedirectAsync(mediator, request(Group.Id), notice, $"/groups/{Group.Slug}", cancellationToken)
            : NotFound();

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            Group = await mediator.Send(new ViewGroups.Get(slug), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            return false;
        }

        await using var session = store.QuerySession();
        Facilitators = (await session.LoadManyAsync<Member>(cancellationToken, Group.Facilitators.ToArray())).Select(m => (m.Id, m.DisplayName)).ToList();
        try
        {
            Members = await mediator.Send(new GroupMembers.List(Group.Id, null), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status is 401 or 403)
        {
            Members = null; // a members-only group's members are for its members
        }

        return true;
    }
}
