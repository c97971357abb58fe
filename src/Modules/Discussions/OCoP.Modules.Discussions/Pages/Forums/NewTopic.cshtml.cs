using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>Start a discussion, ask a question or (facilitators) make an announcement, optionally with a poll.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewTopicModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Forum.View Group { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string slug, TopicKind? kind, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(async () =>
        {
            await LoadAsync(slug, cancellationToken);
            Input.Kind = kind ?? TopicKind.Discussion;
        });

    public Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            if (ModelState.ErrorCount > 0)
            {
                return Page(); // a value the form could not read (a date, say): say so before anything is written
            }

            try
            {
                var started = await mediator.Send(Input.ToCommand(Group.GroupId), cancellationToken);
                TempData["Notice"] = Input.Kind == TopicKind.Question ? "Your question is up." : "Your topic is up.";
                return Redirect(started.Path);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception))
            {
                // The request nests the poll and lists the tags; the form has one field for each.
                ModelState.MoveErrors("Input.Tags", "Input.Tags");
                ModelState.MoveErrors("Input.Poll.Question", "Input.PollQuestion");
                ModelState.MoveErrors("Input.Poll.Options", "Input.PollOptions");
                ModelState.MoveErrors("Input.Poll.ClosesAt", "Input.PollClosesAt");
                ModelState.MoveErrors("Input.Poll", "Input.PollQuestion");
                return Page();
            }
        });

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        if (!Group.Viewer.CanPost)
        {
            throw ProblemException.Forbidden("You may not start topics in this forum.");
        }
    }

    internal sealed class InputModel
    {
        public TopicKind Kind { get; set; } = TopicKind.Discussion;
        public string? Title { get; set; }
        public Guid? CategoryId { get; set; }

        /// <summary>Separated by commas.</summary>
        public string? Tags { get; set; }

        public string? Body { get; set; }
        public string? PollQuestion { get; set; }

        /// <summary>One option a line.</summary>
        public string? PollOptions { get; set; }

        public bool PollMultipleChoice { get; set; }
        public bool PollAnonymous { get; set; }

        /// <summary>As the browser's date-time field sends it, without a zone: the form says it is UTC.</summary>
        public DateTime? PollClosesAt { get; set; }

        public StartTopic.Command ToCommand(Guid groupId)
        {
            var tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = (PollOptions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // A poll is asked for by writing its question or its options; an empty poll section means no poll.
            var poll = string.IsNullOrWhiteSpace(PollQuestion) && options.Length == 0
                ? null
                : new StartTopic.PollInput(PollQuestion?.Trim() ?? "", options, PollMultipleChoice, PollAnonymous,
                    PollClosesAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
            return new StartTopic.Command(Kind, Title ?? "", Body ?? "", CategoryId, tags, poll) { GroupId = groupId };
        }
    }
}
