using OCoP.Modules.Membership.Access;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The sponsor's page: visibility, join policy, capacity, topics, term and fee, and the life cycle.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class SettingsModel(IMediator mediator) : PageModel
{
    public ViewGroups.GroupView Group { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, GroupVisibility visibility, JoinPolicy joinPolicy, int? capacity, string? topics,
        int? termMonths, decimal? feeAmount, string? feeCurrency, CancellationToken cancellationToken)
    {
        var fee = feeAmount is { } amount ? new Fee(amount, (feeCurrency ?? "").Trim().ToUpperInvariant()) : null;
        var topicList = (topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return await ActAsync(slug, id => new GroupSettings.Change(visibility, joinPolicy, capacity, topicList, termMonths, fee) { GroupId = id },
            "Settings saved.", cancellationToken);
    }

    public Task<IActionResult> OnPostStatusAsync(string slug, GroupStatus status, CancellationToken cancellationToken) =>
        ActAsync(slug, id => new GroupLifecycle.ChangeStatus(status) { GroupId = id }, $"The group is now {status.ToString().ToLowerInvariant()}.",
            cancellationToken);

    private async Task<IActionResult> ActAsync<T>(string slug, Func<Guid, IRequest<T>> request, string notice, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken)
            ? await this.SendThenRedirectAsync(mediator, request(Group.Id), _ => notice, $"/groups/{Group.Slug}/settings", cancellationToken)
            : NotFound();

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            Group = await mediator.Send(new ViewGroups.Get(slug), cancellationToken);
            // Facilitators may reactivate a dormant group; everything else here is for sponsors.
            return Group.Viewer.Allowed.Contains(GroupAction.ChangeSettings) || Group.Viewer.Allowed.Contains(GroupAction.ApproveMembers);
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            return false;
        }
    }
}
