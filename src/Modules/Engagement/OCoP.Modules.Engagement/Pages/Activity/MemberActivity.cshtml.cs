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

/// <summary>A member's activity, less what came from groups the reader cannot see, with a follow control.</summary>
internal sealed class MemberActivityModel(IMediator mediator, IEngagementStore store, CurrentMember me) : PageModel
{
    public Guid MemberId { get; private set; }
    public string Name { get; private set; } = "";
    public CursorPage<ActivityView> Items { get; private set; } = null!;
    public FollowFormModel? Follow { get; private set; }
    public bool Continued { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await using (var session = store.QuerySession())
            {
                var person = await session.LoadAsync<MemberFacts>(id, cancellationToken) ?? throw ProblemException.NotFound("The member");
                Name = person.DisplayName;
            }

            MemberId = id;
            Continued = cursor is not null;
            Items = await mediator.Send(new Streams.MemberQuery(id, cursor, null), cancellationToken);
            if (me.IsAuthenticated && me.Id != id)
            {
                Follow = new FollowFormModel("member", id.ToString(),
                    await ActivityPages.LevelAsync(store, me, FollowTarget.Member, id, cancellationToken), $"/members/{id}/activity");
            }
        });
}
