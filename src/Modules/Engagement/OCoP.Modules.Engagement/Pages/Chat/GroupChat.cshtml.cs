using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Chat;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Pages.Chat;

/// <summary>
/// A group's chat, readable and writable without JavaScript: the channels, the latest messages (oldest first, with a
/// link to earlier ones), and a plain form that posts and comes back. <c>/js/chat.js</c> upgrades it to live.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class GroupChatModel(ChatRoom chat, IEngagementStore store, CurrentMember me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    [BindProperty] public string? Body { get; set; }

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
        return await GroupAccess.IdOfAsync(session, Slug, cancellationToken);
    }
}
