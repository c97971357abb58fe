using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Notifications;

namespace OCoP.Modules.Engagement.Pages.Notifications;

/// <summary>The signed-in member's notifications, newest first, unread ones marked; opening one marks it read and goes to it.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NotificationsModel(IMediator mediator) : PageModel
{
    public CursorPage<NotificationView> Items { get; private set; } = null!;
    public bool Continued { get; private set; }
    public bool UnreadOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? cursor, bool? unread, CancellationToken cancellationToken)
    {
        Continued = cursor is not null;
        UnreadOnly = unread ?? false;
        try
        {
            Items = await mediator.Send(new Inbox.ListQuery(UnreadOnly, cursor, null), cancellationToken);
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status);
        }

        return Page();
    }

    /// <summary>Opening a notification's link: marks it read, then goes where it points.</summary>
    public Task<IActionResult> OnGetOpenAsync(Guid id, CancellationToken cancellationToken) => OnPostOpenAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var notification = await mediator.Send(new Inbox.MarkRead(id), cancellationToken);
            return LocalRedirect(Inbox.SafePath(notification.Path));
        }
        catch (ProblemException problem)
        {
            return StatusCode(problem.Status);
        }
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new Inbox.MarkAllRead(), cancellationToken);
        TempData["Notice"] = "All notifications are marked read.";
        return RedirectToPage();
    }

    public static string Describe(NotificationView n)
    {
        var who = n.ActorNames.Count switch
        {
            0 => "",
            1 => n.ActorNames[0],
            2 => $"{n.ActorNames[0]} and {n.ActorNames[1]}",
            _ => $"{n.ActorNames[0]} and {n.ActorNames.Count - 1} others",
        };
        var what = n.Kind switch
        {
            "mentioned" => "mentioned you in",
            "repliedTo" => n.Count > 1 ? $"replied to you {n.Count} times in" : "replied to you in",
            "quoted" => "quoted you in",
            "answerAccepted" => "accepted your answer in",
            "watchedTopicPost" => n.Count > 1 ? $"wrote {n.Count} new posts in" : "wrote a new post in",
            "privateMessage" => n.Count > 1 ? $"sent you {n.Count} messages:" : "sent you a message:",
            _ => "",
        };
        return what.Length == 0 ? n.Title : $"{(who.Length == 0 ? "Someone" : who)} {what} {n.Title}";
    }
}
