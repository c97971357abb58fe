using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>The group's moderation log for its facilitators, newest first: who did what to which post or topic, and why.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class LogModel(IMediator mediator) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public CursorPage<ModerationLog.Line> Lines { get; private set; } = null!;
    public bool Continued { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Group = await mediator.GetForumAsync(slug, cancellationToken);
            Continued = cursor is not null;
            Lines = await mediator.Send(new ModerationLog.Query(Group.GroupId, cursor, null), cancellationToken);
        });
}
