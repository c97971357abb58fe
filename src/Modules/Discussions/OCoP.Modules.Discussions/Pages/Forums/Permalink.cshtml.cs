using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>The permanent link of a post (<see cref="Topic.PathFor"/>): it leads to the page of the topic holding the post.</summary>
internal sealed class PermalinkModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string slug, int number, int post, CancellationToken cancellationToken)
    {
        try
        {
            var group = await mediator.GetForumAsync(slug, cancellationToken);
            var location = await mediator.Send(new ReadTopic.GetPost(group.GroupId, number, post), cancellationToken);
            return Redirect(location.PagePath);
        }
        catch (ProblemException problem)
        {
            return this.Refused(problem);
        }
    }
}
