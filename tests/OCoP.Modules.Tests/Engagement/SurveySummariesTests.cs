using OCoP.Modules.Engagement.Surveys;

namespace OCoP.Modules.Tests.Engagement;

/// <summary>The survey summary's arithmetic (docs/workbench.md), against hand-computed answers.</summary>
public sealed class SurveySummariesTests
{
    private static readonly Survey Survey = new()
    {
        Questions =
        [
            new SurveyQuestion(SurveyQuestionKind.Rating, "Useful?", []),
            new SurveyQuestion(SurveyQuestionKind.Choice, "Format?", ["Talks", "Clinics"]),
            new SurveyQuestion(SurveyQuestionKind.Text, "Change?", []),
        ],
    };

    private static SurveyResponse Response(int rating, int choice, string? text) =>
        new() { Answers = [new SurveyAnswer(rating, null, null), new SurveyAnswer(null, choice, null), new SurveyAnswer(null, null, text)] };

    [Fact]
    public void Ratings_average_to_one_decimal_choices_count_in_option_order_and_empty_texts_are_left_out()
    {
        var summary = SurveySummaries.Summarise(Survey, [Response(5, 1, "More"), Response(4, 1, null), Response(4, 0, " ")]);
        summary[0].AverageRating.ShouldBe(4.3); // 13 / 3 = 4.33
        summary[0].RatingCounts.ShouldBe([0, 0, 0, 2, 1]);
        summary[0].Answers.ShouldBe(3);
        summary[1].Choices!.Select(c => (c.Option, c.Count)).ShouldBe([("Talks", 1), ("Clinics", 2)]);
        summary[2].Texts.ShouldBe(["More"]);
        summary[2].Answers.ShouldBe(1);
    }

    [Fact]
    public void A_survey_nobody_answered_has_no_average_and_zero_counts()
    {
        var summary = SurveySummaries.Summarise(Survey, []);
        summary[0].AverageRating.ShouldBeNull();
        summary[0].RatingCounts.ShouldBe([0, 0, 0, 0, 0]);
        summary[1].Choices!.Sum(c => c.Count).ShouldBe(0);
    }
}
