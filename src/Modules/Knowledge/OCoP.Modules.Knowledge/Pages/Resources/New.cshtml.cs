using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Resources;

/// <summary>Add a resource to the directory: kind, title, description, web address, tags (comma-separated), audience, level.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public ResourceKind Kind { get; private set; } = ResourceKind.Link;
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Address { get; private set; } = "";
    public string Tags { get; private set; } = "";
    public string Audience { get; private set; } = "";
    public string Level { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () => Home = await mediator.GetWikiAsync(slug, cancellationToken),
            () => Task.FromResult<IActionResult>(Home.CanPost ? Page() : Forbid()));

    public Task<IActionResult> OnPostAsync(string slug, ResourceKind kind, string? title, string? description, string? url, string? tags, string? audience,
        string? level, CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () => Home = await mediator.GetWikiAsync(slug, cancellationToken), async () =>
        {
            (Kind, Title, Description, Address, Tags, Audience, Level) = (kind, title ?? "", description ?? "", url ?? "", tags ?? "", audience ?? "", level ?? "");
            SubmitResource.Submitted submitted;
            try
            {
                submitted = await mediator.Send(new SubmitResource.Command(Kind, Title, Description, Address.Length > 0 ? Address : null,
                    [.. Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], Audience, Level) { GroupId = Home.GroupId },
                    cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "The resource is added.";
            return Redirect(submitted.Path);
        });
}
