using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Blog;

/// <summary>Change a post's title and text: its author, or a facilitator.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class EditModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public ReadBlog.PostView Post { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(string slug, Guid postId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, cancellationToken), () =>
        {
            (Title, Body) = (Post.Title, Post.Source);
            return Task.FromResult<IActionResult>(Post.Viewer.CanEdit ? Page() : Forbid());
        });

    public Task<IActionResult> OnPostAsync(string slug, Guid postId, string? title, string? body, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, cancellationToken), async () =>
        {
            (Title, Body) = (title ?? "", body ?? "");
            try
            {
                await mediator.Send(new WriteBlogPost.Edit(Title, Body) { GroupId = Home.GroupId, PostId = postId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "The post is saved.";
            return Redirect(Post.Path);
        });

    private async Task LoadAsync(string slug, Guid postId, CancellationToken cancellationToken)
    {
        Home = await mediator.GetWikiAsync(slug, cancellationToken);
        Post = await mediator.Send(new ReadBlog.GetPost(Home.GroupId, postId), cancellationToken);
    }
}
