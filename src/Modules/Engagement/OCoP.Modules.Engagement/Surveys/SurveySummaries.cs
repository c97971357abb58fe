namespace OCoP.Modules.Engagement.Surveys;

/// <summary>The summary of one question: the count and mean of ratings, the count of each choice, or the texts.</summary>
internal sealed record QuestionSummary(string Text, SurveyQuestionKind Kind, int Answers, double? AverageRating, IReadOnlyList<int>? RatingCounts,
    IReadOnlyList<ChoiceCount>? Choices, IReadOnlyList<string>? Texts);

internal sealed record ChoiceCount(string Option, int Count);

/// <summary>
/// A survey's results, pure so it is unit-tested: ratings as a mean (one decimal) and a count per value 1-5, choices as
/// counts in the order of the options, texts in the order they came.
/// </summary>
internal static class SurveySummaries
{
    public static IReadOnlyList<QuestionSummary> Summarise(Survey survey, IReadOnlyList<SurveyResponse> responses) =>
        survey.Questions.Select((question, index) =>
        {
            var answers = responses.Select(r => index < r.Answers.Count ? r.Answers[index] : null).OfType<SurveyAnswer>().ToList();
            return question.Kind switch
            {
                SurveyQuestionKind.Rating => RatingSummary(question, answers.Select(a => a.Rating).OfType<int>().ToList()),
                SurveyQuestionKind.Choice => ChoiceSummary(question, answers.Select(a => a.Choice).OfType<int>().ToList()),
                _ => TextSummary(question, answers.Select(a => a.Text).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList()),
            };
        }).ToList();

    private static QuestionSummary RatingSummary(SurveyQuestion question, List<int> ratings) =>
        new(question.Text, question.Kind, ratings.Count, ratings.Count == 0 ? null : Math.Round(ratings.Average(), 1),
            Enumerable.Range(1, 5).Select(v => ratings.Count(r => r == v)).ToList(), null, null);

    private static QuestionSummary ChoiceSummary(SurveyQuestion question, List<int> choices) =>
        new(question.Text, question.Kind, choices.Count, null, null,
            question.Options.Select((option, i) => new ChoiceCount(option, choices.Count(c => c == i))).ToList(), null);

    private static QuestionSummary TextSummary(SurveyQuestion question, List<string> texts) =>
        new(question.Text, question.Kind, texts.Count, null, null, null, texts);
}
