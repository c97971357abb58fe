using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>Its author or a facilitator edits a post (every version is kept and listed) or deletes it, with a reason.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class EditPostModel(IMediator mediator) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public ReadTopic.PostLocation Location { get; private set; } = null!;
    public IReadOnlyList<EditPost.RevisionView> Revisions { get; private set; } = [];
    public string? Body { get; private set; }
    public string? Reason { get; private set; }
    public string? DeleteReason { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, int number, int post, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, number, post, cancellationToken);
            Body = Location.Post.Source;
        });

    public Task<IActionResult> OnPostEditAsync(string slug, int number, int post, string? body, string? reason, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, number, post, cancellationToken), () =>
        {
            (Body, Reason) = (body, reason);
            return this.SendThenRedirectAsync(mediator, new EditPost.Edit(body ?? "", reason) { GroupId = Group.GroupId, TopicNumber = number, PostNumber = post },
                revision => $"Saved as version {revision}.", Location.Path, cancellationToken);
        });

    public Task<IActionResult> OnPostDeleteAsync(string slug, int number, int post, string? deleteReason, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, number, post, cancellationToken), async () =>
        {
            (Body, DeleteReason) = (Location.Post.Source, deleteReason);
            try
            {
                await mediator.Send(new EditPost.Delete(deleteReason ?? "") { GroupId = Group.GroupId, TopicNumber = number, PostNumber = post },
                    cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                ModelState.MoveErrors("Reason", "DeleteReason"); // the edit form has its own reason field
                return Page();
            }

            // Deleting the opening post deletes the topic: the forum is what is left to go back to.
            TempData["Notice"] = post == 1 ? "The topic is deleted." : "The post is deleted.";
            return Redirect(post == 1 ? $"/groups/{Group.Slug}/forum" : Topic.PathFor(Group.Slug, number));
        });

    private async Task LoadAsync(string slug, int number, int post, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        Location = await mediator.Send(new ReadTopic.GetPost(Group.GroupId, number, post), cancellationToken);
        if (!Location.Post.CanEdit)
        {
            throw ProblemException.Forbidden("Only its author or the group's facilitators change a post.");
        }

        Revisions = await mediator.Send(new EditPost.Revisions(Group.GroupId, number, post), cancellationToken);
    }
}
