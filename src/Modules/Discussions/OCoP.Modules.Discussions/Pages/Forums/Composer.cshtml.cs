using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Posts;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>The composer's live preview (POST, with the form's antiforgery token) and @-mention suggestions (GET).</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ComposerModel(IMediator mediator) : PageModel
{
    public string? Html { get; private set; }

    public IReadOnlyList<Composing.Suggestion> Suggestions { get; private set; } = [];

    public Task<IActionResult> OnPostPreviewAsync(string slug, [FromForm] string? body, CancellationToken cancellationToken) =>
        AnswerAsync(slug, async groupId => Html = await mediator.Send(new Composing.Preview(groupId, body ?? ""), cancellationToken), cancellationToken);

    public Task<IActionResult> OnGetMentionsAsync(string slug, string? q, CancellationToken cancellationToken) =>
        AnswerAsync(slug, async groupId => Suggestions = await mediator.Send(new Composing.Mentions(groupId, (q ?? "")[..Math.Min(40, (q ?? "").Length)]), cancellationToken),
            cancellationToken);

    private async Task<IActionResult> AnswerAsync(string slug, Func<Guid, Task> answer, CancellationToken cancellationToken)
    {
        try
        {
            var forum = await mediator.GetForumAsync(slug, cancellationToken);
            await answer(forum.GroupId);
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status == 401 ? 401 : problem.Status);
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
