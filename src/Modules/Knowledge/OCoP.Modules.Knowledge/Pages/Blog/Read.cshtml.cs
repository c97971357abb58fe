using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Blog;

/// <summary>One blog post with its comments (threaded one level); its author publishes a draft from here.</summary>
internal sealed class ReadModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public ReadBlog.PostView Post { get; private set; } = null!;
    public CursorPage<CommentOnBlogPost.CommentView> Comments { get; private set; } = null!;
    public string Body { get; private set; } = "";
    public Guid? ReplyTo { get; private set; }
    public Files.Attachments Attachments { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, Guid postId, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, cursor, cancellationToken), () => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostCommentAsync(string slug, Guid postId, string? body, Guid? parentId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, null, cancellationToken), async () =>
        {
            if (!Home.SignedIn)
            {
                return Challenge();
            }

            (Body, ReplyTo) = (body ?? "", parentId);
            CommentOnBlogPost.CommentView comment;
            try
            {
                comment = await mediator.Send(new CommentOnBlogPost.Command(Body, parentId) { GroupId = Home.GroupId, PostId = postId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "Your comment is added.";
            return Redirect($"{Post.Path}#comment-{comment.Id}");
        });

    public Task<IActionResult> OnPostPublishAsync(string slug, Guid postId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, null, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new PublishBlogPost.Command { GroupId = Home.GroupId, PostId = postId }, cancellationToken);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }

            TempData["Notice"] = "The post is published.";
            return Redirect(Post.Path);
        });

    public Task<IActionResult> OnPostDeleteAsync(string slug, Guid postId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, null, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new DeleteBlogContent.DeletePost(Home.GroupId, postId), cancellationToken);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }

            TempData["Notice"] = "The post is removed.";
            return Redirect($"/groups/{Home.GroupSlug}/blog");
        });

    public Task<IActionResult> OnPostDeleteCommentAsync(string slug, Guid postId, Guid commentId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, postId, null, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new DeleteBlogContent.DeleteComment(Home.GroupId, postId, commentId), cancellationToken);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }

            TempData["Notice"] = "The comment is removed.";
            return Redirect($"{Post.Path}#comments-heading");
        });

    private async Task LoadAsync(string slug, Guid postId, string? cursor, CancellationToken cancellationToken)
    {
        Home = await mediator.GetWikiAsync(slug, cancellationToken);
        Post = await mediator.Send(new ReadBlog.GetPost(Home.GroupId, postId), cancellationToken);
        Comments = await mediator.Send(new CommentOnBlogPost.ListComments(Home.GroupId, postId, cursor, 100), cancellationToken);
        Attachments = await Files.Attachments.LoadAsync(mediator, Home, Knowledge.Files.FileTarget.BlogPost, postId.ToString(), Post.Path, cancellationToken);
    }
}
