using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>
/// A topic: one page of its posts (chronological or threaded), the accepted answer under the question, the poll, reactions,
/// the facilitators' summary at the top (and its form), pin, lock and close, and the reply composer. Every form posts back here and is answered by a redirect.
/// </summary>
internal sealed class TopicModel(IMediator mediator, CurrentMember me) : PageModel
{
    public Forum.View Group { get; private set; } = null!;
    public ReadTopic.TopicPage TopicPage { get; private set; } = null!;

    // Where in the topic the page is; every form posts back with it, so a refusal shows the same page again.
    [FromQuery(Name = "view")]
    public string? ViewName { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    [FromQuery(Name = "after")]
    public string? After { get; set; }

    /// <summary>The post the composer answers and the post it quotes (from <c>?replyTo=3&amp;quote=3</c>).</summary>
    public ReadTopic.PostView? ReplyingTo { get; private set; }

    public ReadTopic.PostView? Quoting { get; private set; }
    public string? ReplyBody { get; private set; }
    public string? QuoteText { get; private set; }
    public string? CloseReason { get; private set; }

    /// <summary>What a facilitator typed into the summary form, kept when it is refused.</summary>
    public string? SummaryBody { get; private set; }

    public string? SummaryPosts { get; private set; }

    /// <summary>The post a facilitator was recognising and the note they typed, kept when the note is refused.</summary>
    public int? RecognisingPost { get; private set; }

    public string? RecogniseNote { get; private set; }

    public ReadTopic.TopicView Info => TopicPage.Topic;
    public bool Threaded => TopicPage.View == "threaded";
    public bool SignedIn => me.IsAuthenticated;
    public bool Writable => Group.Status is not (GroupStatus.Archived or GroupStatus.Closed);

    /// <summary>Members react and flag (readers too); site administrators may everywhere, and they moderate everywhere.</summary>
    private bool Participates => SignedIn && (Group.Viewer.IsMember || Group.Viewer.CanModerate) && Writable;

    public Task<IActionResult> OnGetAsync(string slug, int number, int? replyTo, int? quote, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, number, cancellationToken);
            await LoadComposerAsync(replyTo, quote, cancellationToken);
            await MarkReadAsync(cancellationToken);
        });

    public Task<IActionResult> OnPostReplyAsync(string slug, int number, string? body, int? replyTo, int? quote, string? quoteText,
        CancellationToken cancellationToken) =>
        SignedInThenAsync(slug, number, async () =>
        {
            (ReplyBody, QuoteText) = (body, quoteText);
            try
            {
                var written = await mediator.Send(new Reply.Command(body ?? "", replyTo, quote is { } quoted ? new Reply.QuoteInput(quoted, quoteText) : null)
                    { GroupId = Group.GroupId, TopicNumber = number }, cancellationToken);
                TempData["Notice"] = "Your reply is posted.";
                return Redirect(written.Path);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                ModelState.MoveErrors("Quote", "QuoteText");
                ModelState.MoveErrors("ReplyTo", "");
                await LoadComposerAsync(replyTo, quote, cancellationToken);
                return Page();
            }
        }, cancellationToken);

    public Task<IActionResult> OnPostReactAsync(string slug, int number, int post, string? react, CancellationToken cancellationToken)
    {
        // "add:like" or "remove:like": one form per post, one button per reaction.
        var (verb, kind) = react?.Split(':', 2) is [var v, var k] ? (v, k) : ("", "");
        return ActAsync(slug, number, () => new Reactions.React(Group.GroupId, number, post, kind, verb == "add"),
            _ => verb == "add" ? $"{Labels.Reaction(kind)}: thank you." : "Reaction taken back.", $"#post-{post}", cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(string slug, int number, int? post, CancellationToken cancellationToken) =>
        ActAsync(slug, number, () => new AcceptAnswer.Accept(post) { GroupId = Group.GroupId, TopicNumber = number },
            accepted => accepted is null ? "The question has no accepted answer any more." : $"Post {accepted} is the accepted answer.", "#accepted-answer",
            cancellationToken);

    public Task<IActionResult> OnPostVoteAsync(string slug, int number, List<int>? choices, CancellationToken cancellationToken) =>
        ActAsync(slug, number, () => new Voting.Vote(choices ?? []) { GroupId = Group.GroupId, TopicNumber = number, Change = Info.Poll?.MyChoices is not null },
            _ => "Your vote is counted.", "#poll", cancellationToken);

    public Task<IActionResult> OnPostClosePollAsync(string slug, int number, CancellationToken cancellationToken) =>
        ActAsync(slug, number, () => new Voting.Close(Group.GroupId, number), _ => "The poll is closed.", "#poll", cancellationToken);

    public Task<IActionResult> OnPostStateAsync(string slug, int number, bool? pinned, bool? locked, bool? closed, string? reason,
        CancellationToken cancellationToken)
    {
        CloseReason = reason;
        return ActAsync(slug, number, () => new TopicState.Change(pinned, locked, closed, reason) { GroupId = Group.GroupId, TopicNumber = number },
            state => pinned is not null ? state.Pinned ? "The topic is pinned." : "The topic is unpinned."
                : locked is not null ? state.Locked ? "The topic is locked." : "The topic is unlocked."
                : state.Closed ? "The topic is closed." : "The topic is open again.", "", cancellationToken);
    }

    public Task<IActionResult> OnPostSummaryAsync(string slug, int number, string? summaryBody, string? summaryPosts,
        CancellationToken cancellationToken) =>
        SignedInThenAsync(slug, number, async () =>
        {
            (SummaryBody, SummaryPosts) = (summaryBody, summaryPosts);
            if (!TryReadPostNumbers(summaryPosts, out var numbers))
            {
                ModelState.AddModelError("SummaryPosts", "Write post numbers, such as 3, 12, 40.");
                return Page();
            }

            try
            {
                await mediator.Send(new SummarizeTopic.Write(summaryBody ?? "", numbers) { GroupId = Group.GroupId, TopicNumber = number }, cancellationToken);
                TempData["Notice"] = "The summary is saved.";
                return Redirect(Here() + "#summary");
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                ModelState.MoveErrors("Body", "SummaryBody");
                ModelState.MoveErrors("PostNumbers", "SummaryPosts");
                return Page();
            }
        }, cancellationToken);

    public Task<IActionResult> OnPostRecogniseAsync(string slug, int number, int post, string? note, CancellationToken cancellationToken) =>
        SignedInThenAsync(slug, number, async () =>
        {
            (RecognisingPost, RecogniseNote) = (post, note);
            try
            {
                await mediator.Send(new RecognisePost.Recognise(note) { GroupId = Group.GroupId, TopicNumber = number, PostNumber = post }, cancellationToken);
                TempData["Notice"] = $"Post {post} is recognised.";
                return Redirect(Here() + $"#post-{post}");
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                ModelState.MoveErrors("Note", "RecogniseNote");
                return Page();
            }
        }, cancellationToken);

    public Task<IActionResult> OnPostWithdrawRecognitionAsync(string slug, int number, int post, CancellationToken cancellationToken) =>
        ActAsync(slug, number, () => new RecognisePost.Withdraw(Group.GroupId, number, post), _ => "Your recognition is taken back.", $"#post-{post}",
            cancellationToken);

    public Task<IActionResult> OnPostRemoveSummaryAsync(string slug, int number, CancellationToken cancellationToken) =>
        ActAsync(slug, number, () => new SummarizeTopic.Remove(Group.GroupId, number), _ => "The summary is removed.", "", cancellationToken);

    private static readonly char[] PostNumberSeparators = [',', ' ', ';', '\n', '\r', '\t'];

    /// <summary>The summary form's post numbers: "3, 12 40" or "#3 #12"; false when something else is in it.</summary>
    private static bool TryReadPostNumbers(string? text, out List<int> numbers)
    {
        numbers = [];
        foreach (var part in (text ?? "").Split(PostNumberSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            numbers.Add(n);
        }

        return true;
    }

    /// <summary>This page of the topic, as shown now, with the composer set to answer or quote a post.</summary>
    public string Here(int? replyTo = null, int? quote = null) =>
        Link(Threaded, Threaded ? null : TopicPage.Page, Threaded ? After : null, replyTo, quote);

    public string Link(bool threaded, int? page = null, string? after = null, int? replyTo = null, int? quote = null)
    {
        var query = new List<string>();
        if (threaded)
        {
            query.Add("view=threaded");
        }

        if (page is > 1)
        {
            query.Add($"page={page}");
        }

        if (!string.IsNullOrEmpty(after))
        {
            query.Add($"after={Uri.EscapeDataString(after)}");
        }

        if (replyTo is { } answered)
        {
            query.Add($"replyTo={answered}");
        }

        if (quote is { } quoted)
        {
            query.Add($"quote={quoted}");
        }

        return Info.Path + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    /// <summary>Where this page's forms post: the page itself, so that a refusal shows it again, errors in place.</summary>
    public string HandlerUrl(string handler)
    {
        var here = Here();
        return $"{here}{(here.Contains('?') ? '&' : '?')}handler={handler}";
    }

    public string PostPath(int number) => Topic.PathFor(Group.Slug, Info.Number, number);

    public Category? CategoryOf(Guid? id) => id is null ? null : Group.Categories.FirstOrDefault(c => c.Id == id);

    public bool IsNew(ReadTopic.PostView post) => TopicPage.LastReadPostNumber is { } read && post.Number > read;

    public bool CanReact(ReadTopic.PostView post) => Participates && post.AuthorId != me.Id && !post.Hidden && !post.Deleted;

    public bool CanFlag(ReadTopic.PostView post) => Participates && post.AuthorId != me.Id && !post.Deleted;

    /// <summary>Facilitators and sponsors recognise others' visible posts (the API's rule, ADR 0077).</summary>
    public bool CanRecognise(ReadTopic.PostView post) => Info.Viewer.CanRecognise && post.AuthorId != me.Id && !post.Hidden && !post.Deleted;

    public bool RecognisedByMe(ReadTopic.PostView post) => post.RecognisedBy.Any(r => r.MemberId == me.Id);

    public bool CanQuote(ReadTopic.PostView post) => Info.Viewer.CanReply && !post.Hidden && !post.Deleted;

    public bool CanAccept(ReadTopic.PostView post) =>
        Info.Viewer.CanAcceptAnswer && post.Number > 1 && !post.Hidden && !post.Deleted && !post.IsAcceptedAnswer;

    public bool CanClosePoll => Info.Poll is { Closed: false } && Writable &&
        (Group.Viewer.CanModerate || (Group.Viewer.IsMember && Info.AuthorId == me.Id));

    private Task<IActionResult> SignedInThenAsync(string slug, int number, Func<Task<IActionResult>> then, CancellationToken cancellationToken) =>
        me.IsAuthenticated ? this.LoadThenAsync(() => LoadAsync(slug, number, cancellationToken), then) : Task.FromResult<IActionResult>(Challenge());

    private Task<IActionResult> ActAsync<T>(string slug, int number, Func<IRequest<T>> request, Func<T, string> notice, string anchor,
        CancellationToken cancellationToken) =>
        SignedInThenAsync(slug, number, () => this.SendThenRedirectAsync(mediator, request(), notice, Here() + anchor, cancellationToken), cancellationToken);

    private async Task LoadAsync(string slug, int number, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        TopicPage = await mediator.Send(new ReadTopic.Query(Group.GroupId, number, ViewName, PageNumber, null, After), cancellationToken);
    }

    /// <summary>The posts the composer answers and quotes, to show them above it; a number that names no post is left out.</summary>
    private async Task LoadComposerAsync(int? replyTo, int? quote, CancellationToken cancellationToken)
    {
        if (!Info.Viewer.CanReply)
        {
            return;
        }

        async Task<ReadTopic.PostView?> PostAsync(int? number)
        {
            if (number is not > 0)
            {
                return null;
            }

            try
            {
                return (await mediator.Send(new ReadTopic.GetPost(Group.GroupId, Info.Number, number.Value), cancellationToken)).Post;
            }
            catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
            {
                return null;
            }
        }

        ReplyingTo = await PostAsync(replyTo);
        Quoting = await PostAsync(quote) is { Deleted: false, Hidden: false } quoted ? quoted : null;
    }

    /// <summary>
    /// Reading a page marks it read, up to its last post. A threaded page holds posts from anywhere in the topic, so it
    /// counts only when it holds the whole topic: reading never goes backwards, and it must not skip posts not yet seen.
    /// </summary>
    private async Task MarkReadAsync(CancellationToken cancellationToken)
    {
        if (!me.IsAuthenticated || TopicPage.Posts.Count == 0)
        {
            return;
        }

        var upTo = !Threaded ? TopicPage.Posts.Max(p => p.Number)
            : After is null && TopicPage.NextAfter is null ? Info.LastPostNumber
            : 0;
        if (upTo > (TopicPage.LastReadPostNumber ?? 0))
        {
            await mediator.Send(new ReadTopic.MarkRead(upTo) { GroupId = Group.GroupId, TopicNumber = Info.Number }, cancellationToken);
        }
    }
}
