using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Badges;
using OCoP.Modules.Engagement.Pages.Activity;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Badges;

/// <summary>
/// A group's badges (<c>/groups/{slug}/badges</c>): who earned which; for facilitators and sponsors, the switch that turns
/// them off or on and a "Revoke" button beside each badge (the same requests as the API; forms work without script).
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class GroupBadgesModel(IMediator mediator, IEngagementStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    public GroupViewer Group { get; private set; } = null!;
    public GroupBadges.GroupBadgesView Badges { get; private set; } = null!;
    public bool CanManage => Badges.CanManage && !Group.IsReadOnly;

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => this.LoadThenPageAsync(() => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostSwitchAsync(bool enabled, CancellationToken cancellationToken) =>
        LoadThenAsync(() => this.SendThenRedirectAsync(mediator, new GroupBadges.ChangeSettings(enabled) { GroupId = Group.GroupId },
            settings => settings.Enabled ? "Badges are on: members earn them and everyone sees them." : "Badges are off: none are shown or awarded.",
            $"/groups/{Slug}/badges", cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRevokeAsync(Guid memberId, string? badge, CancellationToken cancellationToken) =>
        LoadThenAsync(() => this.SendThenRedirectAsync(mediator, new GroupBadges.Revoke(Group.GroupId, memberId, badge ?? ""),
            member => $"The badge is revoked from {member.Name}.", $"/groups/{Slug}/badges#member-{memberId}", cancellationToken), cancellationToken);

    /// <summary>Loads the page (a refusal answers as a GET would), then does the change; a refused change shows the page with its error.</summary>
    private async Task<IActionResult> LoadThenAsync(Func<Task<IActionResult>> then, CancellationToken cancellationToken)
    {
        var loaded = await this.LoadThenPageAsync(() => LoadAsync(cancellationToken));
        return loaded is PageResult ? await then() : loaded;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using (var session = store.QuerySession())
        {
            var groupId = await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
            Group = (await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
        }

        Badges = await mediator.Send(new GroupBadges.Query(Group.GroupId), cancellationToken);
    }
}
