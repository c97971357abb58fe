using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Files;

/// <summary>A group's files (attachments of its wiki, blog and resources), newest first; their uploaders and facilitators remove them here.</summary>
internal sealed class IndexModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public CursorPage<AttachFile.FileView> Files { get; private set; } = null!;
    public string? Cursor { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, string? cursor, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cursor, cancellationToken), () => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostDeleteAsync(string slug, Guid fileId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, null, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new DeleteFile.Command(Home.GroupId, fileId), cancellationToken);
            }
            catch (ProblemException problem)
            {
                return this.Refused(problem);
            }

            TempData["Notice"] = "The file is removed.";
            return Redirect($"/groups/{Home.GroupSlug}/files");
        });

    private async Task LoadAsync(string slug, string? cursor, CancellationToken cancellationToken)
    {
        Home = await mediator.GetWikiAsync(slug, cancellationToken);
        Cursor = cursor;
        Files = await mediator.Send(new AttachFile.ListFiles(Home.GroupId, null, null, cursor, 50), cancellationToken);
    }
}
