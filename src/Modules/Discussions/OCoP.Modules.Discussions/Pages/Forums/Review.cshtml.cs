using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>The facilitators' review queue: flagged posts with who flagged them and why; approve, hide, delete, or warn the author.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ReviewModel(IMediator mediator) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public IReadOnlyList<Flagging.ReviewItem> Items { get; private set; } = [];

    /// <summary>Flagged chat messages (docs/adr/0072): dismiss the flags or delete the message.</summary>
    public IReadOnlyList<ChatReview.ChatReviewItem> ChatItems { get; private set; } = [];

    /// <summary>The post whose decision was refused, so that its form shows the errors and keeps what was typed.</summary>
    public Guid? RefusedPostId { get; private set; }

    public string? Message { get; private set; }
    public int? Clause { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(() => LoadAsync(slug, cancellationToken));

    public Task<IActionResult> OnPostAsync(string slug, Guid postId, Flagging.ReviewAction decision, int? clause, string? message,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new Flagging.Resolve(decision, clause, message) { GroupId = Group.GroupId, PostId = postId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                (RefusedPostId, Message, Clause) = (postId, message, clause);
                ModelState.MoveErrors("Message", MessageField(postId));
                ModelState.MoveErrors("Clause", ClauseField(postId));
                return Page();
            }

            TempData["Notice"] = decision switch
            {
                Flagging.ReviewAction.Approve => "Approved: the post is shown.",
                Flagging.ReviewAction.Hide => "The post is hidden.",
                Flagging.ReviewAction.Delete => "The post is deleted.",
                _ => "The author is warned.",
            };
            return Redirect($"/groups/{Group.Slug}/forum/review");
        });

    public Task<IActionResult> OnPostChatAsync(string slug, Guid messageId, Contracts.ChatFlagDecision decision, string? message,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            try
            {
                await mediator.Send(new ChatReview.Resolve(decision, message) { GroupId = Group.GroupId, MessageId = messageId }, cancellationToken);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                (RefusedPostId, Message) = (messageId, message);
                ModelState.MoveErrors("Message", MessageField(messageId));
                return Page();
            }

            TempData["Notice"] = decision == Contracts.ChatFlagDecision.Delete ? "The chat message is deleted." : "The flags are dismissed.";
            return Redirect($"/groups/{Group.Slug}/forum/review");
        });

    public static string MessageField(Guid postId) => $"message-{postId:N}";

    public static string ClauseField(Guid postId) => $"clause-{postId:N}";

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        Items = await mediator.Send(new Flagging.Queue(Group.GroupId), cancellationToken);
        ChatItems = await mediator.Send(new ChatReview.Queue(Group.GroupId), cancellationToken);
    }
}
