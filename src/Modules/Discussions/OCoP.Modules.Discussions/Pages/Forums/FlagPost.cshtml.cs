using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>A member flags a post for the facilitators: spam, off-topic, a clause of the group's code of conduct, or something else.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class FlagPostModel(IMediator mediator, CurrentMember me) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Forum.View Group { get; private set; } = null!;
    public ReadTopic.PostLocation Location { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, int number, int post, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(() => LoadAsync(slug, number, post, cancellationToken));

    public Task<IActionResult> OnPostAsync(string slug, int number, int post, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, number, post, cancellationToken), async () =>
        {
            if (Input.Reason is not { } reason)
            {
                ModelState.AddModelError("Input.Reason", "Choose why you flag this post.");
                return Page();
            }

            try
            {
                await mediator.Send(new Flagging.FlagPost(reason, reason == FlagReason.CodeOfConduct ? Input.Clause : null, Input.Text)
                    { GroupId = Group.GroupId, TopicNumber = number, PostNumber = post }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception))
            {
                return Page();
            }

            TempData["Notice"] = "Thank you. The facilitators will review the post.";
            return Redirect(Location.Path);
        });

    private async Task LoadAsync(string slug, int number, int post, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        Location = await mediator.Send(new ReadTopic.GetPost(Group.GroupId, number, post), cancellationToken);
        // Who may flag is the API's rule; the page only avoids offering a form that can only be refused.
        if (!(Group.Viewer.IsMember || Group.Viewer.CanModerate) || Location.Post.AuthorId == me.Id || Location.Post.Deleted)
        {
            throw ProblemException.Forbidden("Members flag other members' posts.");
        }
    }

    internal sealed class InputModel
    {
        public FlagReason? Reason { get; set; }

        /// <summary>The clause's number, from 1: only read when the reason is the code of conduct.</summary>
        public int? Clause { get; set; }

        public string? Text { get; set; }
    }
}
