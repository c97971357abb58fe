using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Messages;

namespace OCoP.Modules.Engagement.Pages.Messages;

/// <summary>My conversations, newest activity first, with unread counts.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class MessagesModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Messaging.ConversationSummary> Conversations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Conversations = await mediator.Send(new Messaging.List(), cancellationToken);
}

/// <summary>Starts a conversation; <c>?to=</c> fills in recipients (member ids, comma separated).</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewMessageModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        foreach (var part in (To ?? "").Split([',', ' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id))
            {
                ModelState.AddModelError("To", $"\"{part}\" is not a member id.");
                return Page();
            }

            ids.Add(id);
        }

        return await this.SendThenRedirectAsync(mediator, new Messaging.Start(ids, Subject, Body), _ => "Message sent.", "/messages",
            cancellationToken);
    }
}

/// <summary>One conversation, with the reply composer and the leave, block and report forms.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ConversationModel(IMediator mediator) : PageModel
{
    public Messaging.ConversationView? Conversation { get; private set; }

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? After { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Number { get; set; }
    [BindProperty] public Guid MemberId { get; set; }

    private string Here => $"/messages/{Id:N}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Conversation = await mediator.Send(new Messaging.Read(Id, After), cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostReplyAsync(CancellationToken cancellationToken) =>
        AgainOnErrorAsync(this.SendThenRedirectAsync(mediator, new Messaging.Reply(Id, Body), m => "Message sent.", Here, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostLeaveAsync(CancellationToken cancellationToken) =>
        AgainOnErrorAsync(this.SendThenRedirectAsync(mediator, new Messaging.Leave(Id), _ => "You left the conversation.", "/messages", cancellationToken),
            cancellationToken);

    public Task<IActionResult> OnPostBlockAsync(CancellationToken cancellationToken) =>
        AgainOnErrorAsync(this.SendThenRedirectAsync(mediator, new Blocking.BlockMember(MemberId), b => $"You blocked {b.DisplayName}.", Here,
            cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReportAsync(CancellationToken cancellationToken) =>
        AgainOnErrorAsync(this.SendThenRedirectAsync(mediator, new Messaging.Report(Id, Number, Reason), _ => "Reported to the site's administrators.",
            Here, cancellationToken), cancellationToken);

    private async Task<IActionResult> AgainOnErrorAsync(Task<IActionResult> sending, CancellationToken cancellationToken)
    {
        var result = await sending;
        if (result is PageResult)
        {
            Conversation = await mediator.Send(new Messaging.Read(Id, After), cancellationToken);
        }

        return result;
    }
}

/// <summary>Reported private messages, for site administrators.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class MessageReportsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<MessageReports.ReportView> Reports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Reports = await mediator.Send(new MessageReports.Reports(), cancellationToken);
}
