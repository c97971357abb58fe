using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Announcements;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Announcements;

/// <summary>
/// A group's announcements (<c>/groups/{slug}/announcements</c>), newest first; for its facilitators and sponsors, the
/// form that posts one (the same request as the API). Refused input comes back with its errors at the fields, kept.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class AnnouncementsModel(IMediator mediator, IEngagementStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    public GroupViewer Group { get; private set; } = null!;
    public IReadOnlyList<GroupAnnouncements.AnnouncementView> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public bool CanAnnounce { get; private set; }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool Important { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? title, string? body, bool important, CancellationToken cancellationToken)
    {
        (Title, Body, Important) = (title ?? "", body ?? "", important);
        await LoadAsync(cancellationToken);
        var result = await this.SendThenRedirectAsync(mediator, new GroupAnnouncements.Post(Group.GroupId, title, body, important),
            posted => posted.Important ? "Announced: every member is notified and e-mailed." : "Announced: every member is notified.",
            $"/groups/{Slug}/announcements", cancellationToken);
        return result;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using (var session = store.QuerySession())
        {
            var groupId = await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
            Group = (await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
        }

        CanAnnounce = Group.Can(GroupAction.Moderate) && !Group.IsReadOnly;
        var page = await mediator.Send(new GroupAnnouncements.ListOf(Group.GroupId, Cursor, 20), cancellationToken);
        (Items, NextCursor) = (page.Items, page.NextCursor);
    }
}
