using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Chat;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Chat;

/// <summary>
/// A group's chat, readable and writable without JavaScript: the channels, the latest messages (oldest first, with a
/// link to earlier ones), and a plain form that posts and comes back. <c>/js/chat.js</c> upgrades it to live.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class GroupChatModel(ChatRoom chat, MoveToTopic moves, IEngagementStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public MoveInput Move { get; set; } = new();

    /// <summary>"Move this conversation into a forum topic" (facilitators): the first and last message and the topic's title.</summary>
    internal sealed class MoveInput
    {
        public int? FromNumber { get; set; }
        public int? ToNumber { get; set; }
        public string? Title { get; set; }
    }

    /// <summary>Whether the caller may move messages into a forum topic (whoever moderates the group, in a writable group).</summary>
    public bool CanMove => !Viewer.IsReadOnly && Viewer.Can(GroupAction.Moderate);

    public GroupViewer Viewer { get; private set; } = null!;
    public IReadOnlyList<ChannelView> Channels { get; private set; } = [];
    public ChannelView Current { get; private set; } = null!;

    /// <summary>The page's messages, oldest first.</summary>
    public IReadOnlyList<ChatMessageView> Messages { get; private set; } = [];

    public string? EarlierCursor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var groupId = await GroupIdAsync(cancellationToken);
        var channelId = Channel ?? groupId;
        try
        {
            await chat.PostAsync(groupId, channelId, me, Body ?? "", cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden
                                                   or StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
        {
            ModelState.TryAddProblem(problem, prefix: "");
            if (problem.RateLimit is { } limit)
            {
                Response.Headers.RetryAfter = RateLimitState.Seconds(limit.Reset).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        return Redirect($"/groups/{Slug}/chat?channel={channelId}#composer");
    }

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken cancellationToken)
    {
        var groupId = await GroupIdAsync(cancellationToken);
        var channelId = Channel ?? groupId;
        try
        {
            await moves.MoveAsync(groupId, channelId, me, Move.FromNumber, Move.ToNumber, Move.Title, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden
                                                   or StatusCodes.Status409Conflict)
        {
            ModelState.TryAddProblem(problem, prefix: "Move");
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Notice"] = "The forum is starting the topic; a note with its link appears in the channel when it is there.";
        return Redirect($"/groups/{Slug}/chat?channel={channelId}#move");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var groupId = await GroupIdAsync(cancellationToken);
        var open = await chat.OpenAsync(groupId, Channel ?? groupId, me, cancellationToken);
        Viewer = open.Viewer;
        Channels = (await chat.ChannelsAsync(groupId, me, null, 100, cancellationToken)).Items;
        Current = Channels.First(c => c.Id == open.Channel.Id);
        var page = await chat.HistoryAsync(groupId, open.Channel.Id, me, Cursor, 50, cancellationToken);
        Messages = [.. page.Items.Reverse()];
        EarlierCursor = page.NextCursor;
    }

    private async Task<Guid> GroupIdAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
    }
}
