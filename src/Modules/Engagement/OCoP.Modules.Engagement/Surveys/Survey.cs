namespace OCoP.Modules.Engagement.Surveys;

/// <summary>What a survey question asks for.</summary>
internal enum SurveyQuestionKind
{
    /// <summary>A rating from 1 to 5.</summary>
    Rating,

    /// <summary>One of the question's options.</summary>
    Choice,

    /// <summary>Free text.</summary>
    Text,
}

internal sealed record SurveyQuestion(SurveyQuestionKind Kind, string Text, IReadOnlyList<string> Options);

/// <summary>
/// A short survey a facilitator opens in a group for a period (docs/workbench.md). <see cref="Measure"/> names the
/// charter's impact measure it informs, so its summary is read beside it.
/// </summary>
internal sealed class Survey
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public string Title { get; set; } = "";
    public string? Measure { get; set; }
    public bool Anonymous { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Responses { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;
}

/// <summary>One member's answers. <see cref="MemberId"/> is empty when the survey is anonymous.</summary>
internal sealed class SurveyResponse
{
    public Guid Id { get; set; }
    public Guid SurveyId { get; set; }
    public Guid? MemberId { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>The answer to one question: the field its kind asks for.</summary>
internal sealed record SurveyAnswer(int? Rating, int? Choice, string? Text);

/// <summary>
/// That a member answered, kept apart from their answers so an anonymous survey can refuse a second answer without
/// linking the member to what they said. Id is <c>{surveyId:N}/{memberId:N}</c>: a second insert fails (409).
/// </summary>
internal sealed class SurveyResponder
{
    public string Id { get; set; } = "";
    public DateTimeOffset AnsweredAt { get; set; }

    public static string IdFor(Guid surveyId, Guid memberId) => $"{surveyId:N}/{memberId:N}";
}
