using Marten;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Activity;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Pages.Activity;

/// <summary>A group's activity stream, with a follow control for signed-in members. Outsiders of a closed group get "not found".</summary>
internal sealed class GroupActivityModel(IMediator mediator, IEngagementStore store, CurrentMember me) : PageModel
{
    public string Name { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public CursorPage<ActivityView> Items { get; private set; } = null!;
    public FollowFormModel? Follow { get; private set; }
    public bool Continued { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            GroupFacts group;
            await using (var session = store.QuerySession())
            {
                group = await session.Query<GroupFacts>().FirstOrDefaultAsync(g => g.Slug == slug, cancellationToken)
                    ?? throw ProblemException.NotFound("The group");
            }

            Name = group.Name;
            Slug = group.Slug;
            Continued = cursor is not null;
            Items = await mediator.Send(new Streams.GroupQuery(group.Id, cursor, null), cancellationToken);
            if (me.IsAuthenticated)
            {
                Follow = new FollowFormModel("group", group.Id.ToString(),
                    await ActivityPages.LevelAsync(store, me, FollowTarget.Group, group.Id, cancellationToken), $"/groups/{group.Slug}/activity");
            }
        });
}
