using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Blog;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Blog;

/// <summary>Write a blog post: keep it as a draft, publish it now, or schedule it (a time in UTC).</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string When { get; private set; } = "draft";
    public string PublishAt { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () => Home = await mediator.GetWikiAsync(slug, cancellationToken),
            () => Task.FromResult<IActionResult>(Home.CanPost ? Page() : Forbid()));

    public Task<IActionResult> OnPostAsync(string slug, string? title, string? body, string? when, string? publishAt, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () => Home = await mediator.GetWikiAsync(slug, cancellationToken), async () =>
        {
            (Title, Body, When, PublishAt) = (title ?? "", body ?? "", when ?? "draft", publishAt ?? "");
            DateTimeOffset? at = null;
            if (When == "later")
            {
                if (!DateTime.TryParse(PublishAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    ModelState.AddModelError("PublishAt", "Give the date and time to publish at.");
                    return Page();
                }

                at = new DateTimeOffset(parsed, TimeSpan.Zero);
            }

            WriteBlogPost.PostWritten written;
            try
            {
                written = await mediator.Send(new WriteBlogPost.Create(Title, Body, When == "now", at) { GroupId = Home.GroupId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = written.State switch
            {
                BlogPostState.Published => "The post is published.",
                BlogPostState.Scheduled => "The post is scheduled.",
                _ => "The draft is saved.",
            };
            return Redirect(written.Path);
        });
}
