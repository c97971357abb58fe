using System.Globalization;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Surveys;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Pages.Surveys;

/// <summary>
/// Build a survey (<c>/groups/{slug}/surveys/new</c>), for the group's facilitators and sponsors; for anyone else the
/// page does not exist. Without JavaScript: a fixed number of question rows, the empty ones ignored. Times are UTC.
/// Refused input comes back with every value kept and each error beside its field (the request is the API's).
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed partial class NewSurveyModel(IMediator mediator, IEngagementStore store, IMessageBus bus, CurrentMember me) : PageModel
{
    public const int Rows = GroupSurveys.MaxQuestions;

    public GroupViewer Group { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public string Title { get; private set; } = "";
    public string Measure { get; private set; } = "";
    public bool Anonymous { get; private set; }
    public string OpensAt { get; private set; } = "";
    public string ClosesAt { get; private set; } = "";
    public List<QuestionRow> Questions { get; private set; } = [.. Enumerable.Range(0, Rows).Select(_ => new QuestionRow(SurveyQuestionKind.Rating, "", ""))];

    internal sealed record QuestionRow(SurveyQuestionKind Kind, string Text, string Options)
    {
        public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Options);
    }

    /// <summary>The model-state key (and, lower case, the field id) of one field of question row <paramref name="row"/> (0-based).</summary>
    public static string QuestionKey(int row, string field) => $"question-{row + 1}-{field}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await MayBuildAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? title, string? measure, bool anonymous, string? opensAt, string? closesAt,
        CancellationToken cancellationToken)
    {
        if (!await MayBuildAsync(cancellationToken))
        {
            return NotFound();
        }

        (Title, Measure, Anonymous, OpensAt, ClosesAt) = (title ?? "", measure ?? "", anonymous, opensAt ?? "", closesAt ?? "");
        Questions = [.. Enumerable.Range(0, Rows).Select(row => new QuestionRow(
            Enum.TryParse<SurveyQuestionKind>(Request.Form[QuestionKey(row, "kind")].ToString(), out var kind) && Enum.IsDefined(kind) ? kind : SurveyQuestionKind.Rating,
            Request.Form[QuestionKey(row, "text")].ToString(), Request.Form[QuestionKey(row, "options")].ToString()))];

        var opens = ParseTime(OpensAt, "OpensAt", "when the survey opens");
        var closes = ParseTime(ClosesAt, "ClosesAt", "when the survey closes");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The rows asked, in order; the request numbers them from 0, the page by their row.
        var asked = Enumerable.Range(0, Rows).Where(row => !Questions[row].IsEmpty).ToList();
        var questions = asked.Select(row => Questions[row]).Select(q => new GroupSurveys.QuestionInput(q.Kind, q.Text,
            q.Options.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
        GroupSurveys.SurveyView survey;
        try
        {
            survey = await mediator.Send(new GroupSurveys.Create(Group.GroupId, Title, string.IsNullOrWhiteSpace(Measure) ? null : Measure, Anonymous,
                opens, closes, questions), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            MoveQuestionErrorsToRows(asked);
            return Page();
        }

        TempData["Notice"] = "The survey is saved: members answer it on this page while it is open.";
        return Redirect(survey.Path);
    }

    /// <summary>Facilitators and sponsors (the API's rule: Moderate, in a group that is not read-only); false for anyone else.</summary>
    private async Task<bool> MayBuildAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var groupId = await GroupAccess.IdOfAsync(session, bus, Slug, cancellationToken);
            Group = await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken);
        }
        catch (ProblemException)
        {
            return false;
        }

        return Group.Can(GroupAction.Moderate) && !Group.IsReadOnly;
    }

    private DateTimeOffset? ParseTime(string text, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return new DateTimeOffset(parsed, TimeSpan.Zero);
        }

        ModelState.AddModelError(key, $"Give the date and time of {what}, such as 2026-12-24T18:00.");
        return null;
    }

    /// <summary>"Questions[1].Text" is about the second question asked, which is the row <c>asked[1]</c> of the form.</summary>
    private void MoveQuestionErrorsToRows(List<int> asked)
    {
        foreach (var key in ModelState.Keys.ToList())
        {
            if (QuestionError().Match(key) is not { Success: true } match)
            {
                continue;
            }

            var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var field = match.Groups[2].Value.ToLowerInvariant();
            if (index < asked.Count && field is "kind" or "text" or "options")
            {
                ModelState.MoveErrors(key, QuestionKey(asked[index], field));
            }
        }
    }

    [GeneratedRegex(@"^Questions\[(\d+)\]\.(\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionError();
}
