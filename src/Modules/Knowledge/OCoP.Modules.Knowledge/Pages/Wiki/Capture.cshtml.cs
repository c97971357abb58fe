using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Wiki;

/// <summary>Curators turn a forum topic (or its question and accepted answer) into a new page or a section of a page.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class CaptureModel(IMediator mediator) : PageModel
{
    public WikiHome.View Wiki { get; private set; } = null!;
    public IReadOnlyList<PageTree.Entry> Pages { get; private set; } = [];
    public int? TopicNumber { get; private set; }
    public bool AcceptedAnswerOnly { get; private set; } = true;
    public string Title { get; private set; } = "";
    public string? Parent { get; private set; }
    public string? Into { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, int? topic, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), () =>
        {
            TopicNumber = topic;
            return Task.FromResult<IActionResult>(Wiki.CanCurate ? Page() : Forbid());
        });

    public Task<IActionResult> OnPostAsync(string slug, int? topicNumber, bool acceptedAnswerOnly, string? title, string? parent, string? into,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            (TopicNumber, AcceptedAnswerOnly, Title, Parent, Into) = (topicNumber, acceptedAnswerOnly, title ?? "", parent, into);
            WikiWriting.Saved saved;
            try
            {
                saved = await mediator.Send(new CapturePage.Command(topicNumber ?? 0, acceptedAnswerOnly, Title.Length > 0 ? Title : null,
                    parent is { Length: > 0 } ? parent : null, into is { Length: > 0 } ? into : null) { GroupId = Wiki.GroupId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                return Page();
            }

            TempData["Notice"] = "The discussion is captured.";
            return Redirect(saved.Path);
        });

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Wiki = await mediator.GetWikiAsync(slug, cancellationToken);
        Pages = (await mediator.Send(new PageTree.Query(Wiki.GroupId, null, 100), cancellationToken)).Items;
    }
}
