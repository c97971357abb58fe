using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>Every version of a post, who wrote it and why it was replaced: what the "edited" mark of a post links to.</summary>
internal sealed class RevisionsModel(IMediator mediator) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public ReadTopic.PostLocation Location { get; private set; } = null!;
    public IReadOnlyList<EditPost.RevisionView> Revisions { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string slug, int number, int post, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            Group = await mediator.GetForumAsync(slug, cancellationToken);
            Location = await mediator.Send(new ReadTopic.GetPost(Group.GroupId, number, post), cancellationToken);
            Revisions = await mediator.Send(new EditPost.Revisions(Group.GroupId, number, post), cancellationToken);
        });
}
