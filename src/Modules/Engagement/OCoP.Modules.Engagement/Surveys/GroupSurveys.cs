using Carter;
using FluentValidation;
using JasperFx;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Surveys;

/// <summary>
/// Surveys (issue 15, item 6; docs/workbench.md): a facilitator or sponsor opens a short survey (rating, choice, text)
/// for a period; each member answers once (409 the second time), anonymously if the survey says so; facilitators and
/// sponsors read the summary beside the charter measure it informs. Who may not see the group gets its 404.
/// </summary>
internal static class GroupSurveys
{
    public const int MaxQuestions = 10;
    public const int MaxOptions = 10;
    public const int MaxTextLength = 2000;

    internal sealed record QuestionInput(SurveyQuestionKind Kind, string? Text, IReadOnlyList<string>? Options);

    internal sealed record Create(Guid GroupId, string? Title, string? Measure, bool Anonymous, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
        IReadOnlyList<QuestionInput>? Questions) : IRequest<SurveyView>;

    internal sealed record CreateBody(string? Title, string? Measure, bool Anonymous, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
        IReadOnlyList<QuestionInput>? Questions);

    internal sealed record ListOf(Guid GroupId) : IRequest<IReadOnlyList<SurveyView>>;

    internal sealed record Get(Guid GroupId, Guid SurveyId) : IRequest<SurveyView>;

    internal sealed record Answer(Guid GroupId, Guid SurveyId, IReadOnlyList<SurveyAnswer>? Answers) : IRequest<Answered>;

    internal sealed record AnswerBody(IReadOnlyList<SurveyAnswer>? Answers);

    internal sealed record Summarise(Guid GroupId, Guid SurveyId) : IRequest<SurveySummary>;

    internal sealed record SurveyView(Guid Id, Guid GroupId, string Title, string? Measure, bool Anonymous, IReadOnlyList<SurveyQuestion> Questions,
        DateTimeOffset OpensAt, DateTimeOffset ClosesAt, bool Open, bool Answered, string Path);

    internal sealed record Answered(Guid SurveyId, DateTimeOffset AnsweredAt);

    internal sealed record SurveySummary(Guid Id, string Title, string? Measure, bool Anonymous, bool Open, int Responses, int Members,
        IReadOnlyList<QuestionSummary> Questions);

    internal sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator()
        {
            RuleFor(c => c.Title).NotEmpty().WithMessage("Give the survey a title.").MaximumLength(200);
            RuleFor(c => c.Measure).MaximumLength(500);
            RuleFor(c => c.ClosesAt).NotNull().WithMessage("Say when the survey closes.");
            RuleFor(c => c.ClosesAt).GreaterThan(c => c.OpensAt).When(c => c.OpensAt is not null && c.ClosesAt is not null)
                .WithMessage("The survey must close after it opens.");
            RuleFor(c => c.Questions).NotEmpty().WithMessage("Ask at least one question.")
                .Must(q => q is null || q.Count <= MaxQuestions).WithMessage($"A survey has at most {MaxQuestions} questions.");
            RuleForEach(c => c.Questions).ChildRules(q =>
            {
                q.RuleFor(x => x.Kind).IsInEnum();
                q.RuleFor(x => x.Text).NotEmpty().WithMessage("Write the question.").MaximumLength(500);
                q.RuleFor(x => x.Options).Must(o => o is { Count: >= 2 and <= MaxOptions } && o.All(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200))
                    .When(x => x.Kind == SurveyQuestionKind.Choice).WithMessage($"A choice question needs 2 to {MaxOptions} options.");
            });
        }
    }

    internal sealed class CreateHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Create, SurveyView>
    {
        public async Task<SurveyView> Handle(Create create, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var viewer = (await GroupAccess.ForWriteAsync(session, bus, create.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Moderate);
            var now = clock.GetUtcNow();
            var opensAt = create.OpensAt ?? now;
            if (create.ClosesAt <= now)
            {
                throw ProblemException.Invalid("closesAt", "The survey must close in the future.");
            }

            var survey = new Survey
            {
                Id = Guid.CreateVersion7(now), GroupId = viewer.GroupId, Title = create.Title!.Trim(), Measure = create.Measure?.Trim(),
                Anonymous = create.Anonymous, OpensAt = opensAt, ClosesAt = create.ClosesAt!.Value, CreatedBy = me.Id, CreatedAt = now,
                Questions = create.Questions!.Select(q => new SurveyQuestion(q.Kind, q.Text!.Trim(),
                    q.Kind == SurveyQuestionKind.Choice ? q.Options!.Select(o => o.Trim()).ToList() : [])).ToList(),
            };
            session.Insert(survey);
            await session.SaveChangesAsync(cancellationToken);
            return View(survey, viewer, now, answered: false);
        }
    }

    internal sealed class ListHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<ListOf, IReadOnlyList<SurveyView>>
    {
        public async Task<IReadOnlyList<SurveyView>> Handle(ListOf list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = await MemberViewerAsync(session, bus, list.GroupId, me, cancellationToken);
            var groupId = viewer.GroupId;
            var surveys = await session.Query<Survey>().Where(s => s.GroupId == groupId).OrderByDescending(s => s.CreatedAt).Take(100).ToListAsync(cancellationToken);
            var mine = surveys.Count == 0 || viewer.ViewerId is not { } myId
                ? []
                : (await session.LoadManyAsync<SurveyResponder>(cancellationToken, surveys.Select(s => SurveyResponder.IdFor(s.Id, myId)).ToArray()))
                .Select(r => r.Id).ToHashSet();
            var now = clock.GetUtcNow();
            return surveys.Select(s => View(s, viewer, now, viewer.ViewerId is { } id && mine.Contains(SurveyResponder.IdFor(s.Id, id)))).ToList();
        }
    }

    internal sealed class GetHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Get, SurveyView>
    {
        public async Task<SurveyView> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = await MemberViewerAsync(session, bus, get.GroupId, me, cancellationToken);
            var survey = await LoadAsync(session, viewer, get.SurveyId, cancellationToken);
            var answered = await session.LoadAsync<SurveyResponder>(SurveyResponder.IdFor(survey.Id, me.Id), cancellationToken) is not null;
            return View(survey, viewer, clock.GetUtcNow(), answered);
        }
    }

    internal sealed class AnswerHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Answer, Answered>
    {
        public async Task<Answered> Handle(Answer answer, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var viewer = (await MemberViewerAsync(session, bus, answer.GroupId, me, cancellationToken, forWrite: true)).RequireWritable();
            var survey = await LoadAsync(session, viewer, answer.SurveyId, cancellationToken);
            var now = clock.GetUtcNow();
            if (!survey.IsOpenAt(now))
            {
                throw ProblemException.Conflict(now < survey.OpensAt ? "The survey is not open yet." : "The survey is closed.");
            }

            var answers = Checked(survey, answer.Answers);
            if (await session.LoadAsync<SurveyResponder>(SurveyResponder.IdFor(survey.Id, me.Id), cancellationToken) is not null)
            {
                throw ProblemException.Conflict("You have already answered this survey.");
            }

            session.Insert(new SurveyResponder { Id = SurveyResponder.IdFor(survey.Id, me.Id), AnsweredAt = now });
            session.Insert(new SurveyResponse
            {
                Id = Guid.CreateVersion7(now), SurveyId = survey.Id, MemberId = survey.Anonymous ? null : me.Id, Answers = answers,
                // An anonymous answer keeps only its day, so its time does not point to whoever answered then.
                AnsweredAt = survey.Anonymous ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) : now,
            });
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentAlreadyExistsException)
            {
                throw ProblemException.Conflict("You have already answered this survey.");
            }

            return new Answered(survey.Id, now);
        }

        private static List<SurveyAnswer> Checked(Survey survey, IReadOnlyList<SurveyAnswer>? answers)
        {
            if (answers is null || answers.Count != survey.Questions.Count)
            {
                throw ProblemException.Invalid("answers", $"Answer the survey's {survey.Questions.Count} questions, one answer each, in order.");
            }

            for (var i = 0; i < answers.Count; i++)
            {
                var (question, given) = (survey.Questions[i], answers[i]);
                var field = $"answers[{i}]";
                switch (question.Kind)
                {
                    case SurveyQuestionKind.Rating when given.Rating is not (>= 1 and <= 5):
                        throw ProblemException.Invalid(field, $"Rate \"{question.Text}\" from 1 to 5.");
                    case SurveyQuestionKind.Choice when given.Choice is not { } c || c < 0 || c >= question.Options.Count:
                        throw ProblemException.Invalid(field, $"Choose one of the options of \"{question.Text}\".");
                    case SurveyQuestionKind.Text when given.Text is { Length: > MaxTextLength }:
                        throw ProblemException.Invalid(field, $"Write at most {MaxTextLength} characters.");
                }
            }

            return survey.Questions.Select((q, i) => q.Kind switch
            {
                SurveyQuestionKind.Rating => new SurveyAnswer(answers[i].Rating, null, null),
                SurveyQuestionKind.Choice => new SurveyAnswer(null, answers[i].Choice, null),
                _ => new SurveyAnswer(null, null, string.IsNullOrWhiteSpace(answers[i].Text) ? null : answers[i].Text!.Trim()),
            }).ToList();
        }
    }

    internal sealed class SummariseHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Summarise, SurveySummary>
    {
        public async Task<SurveySummary> Handle(Summarise summarise, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var viewer = (await GroupAccess.ForReadAsync(session, bus, summarise.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var survey = await LoadAsync(session, viewer, summarise.SurveyId, cancellationToken);
            var surveyId = survey.Id;
            var responses = await session.Query<SurveyResponse>().Where(r => r.SurveyId == surveyId).ToListAsync(cancellationToken);
            var groupId = viewer.GroupId;
            var members = await session.Query<MembershipFacts>().CountAsync(m => m.GroupId == groupId && m.Active, cancellationToken);
            return new SurveySummary(survey.Id, survey.Title, survey.Measure, survey.Anonymous, survey.IsOpenAt(clock.GetUtcNow()), responses.Count,
                members, SurveySummaries.Summarise(survey, responses.ToList()));
        }
    }

    /// <summary>Surveys are for the group's members (and its facilitators): 404 for who may not see the group, 403 for a non-member.</summary>
    /// <remarks>An answer is a write: the caller's standing then comes from Membership itself, not the replica.</remarks>
    private static async Task<GroupViewer> MemberViewerAsync(IQuerySession session, IMessageBus bus, Guid groupId, CurrentMember me,
        CancellationToken cancellationToken, bool forWrite = false)
    {
        var viewer = (forWrite
            ? await GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken)
            : await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
        return viewer.IsMember || viewer.IsSiteAdministrator ? viewer : throw ProblemException.Forbidden($"Only members of {viewer.Name} answer its surveys.");
    }

    private static async Task<Survey> LoadAsync(IQuerySession session, GroupViewer viewer, Guid surveyId, CancellationToken cancellationToken)
    {
        var survey = await session.LoadAsync<Survey>(surveyId, cancellationToken);
        return survey is not null && survey.GroupId == viewer.GroupId ? survey : throw ProblemException.NotFound("The survey");
    }

    private static SurveyView View(Survey survey, GroupViewer viewer, DateTimeOffset now, bool answered) =>
        new(survey.Id, survey.GroupId, survey.Title, survey.Measure, survey.Anonymous, survey.Questions, survey.OpensAt, survey.ClosesAt,
            survey.IsOpenAt(now), answered, $"/groups/{viewer.Slug}/surveys/{survey.Id:N}");

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string surveys = "/api/engagement/groups/{groupId:guid}/surveys";
            app.MapPost(surveys, (Guid groupId, CreateBody body, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Create(groupId, body.Title, body.Measure, body.Anonymous, body.OpensAt, body.ClosesAt, body.Questions), cancellationToken))
                .WithSummary("Opens a survey in a group (facilitators and sponsors): rating, choice and text questions, for a period.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(surveys, async (Guid groupId, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    CursorPage.Of(await mediator.Send(new ListOf(groupId), cancellationToken), cursor, limit))
                .WithSummary("A group's surveys, newest first, each saying whether the caller answered it (members).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(surveys + "/{surveyId:guid}", (Guid groupId, Guid surveyId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(groupId, surveyId), cancellationToken))
                .WithSummary("One survey and its questions (members).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost(surveys + "/{surveyId:guid}/answers", (Guid groupId, Guid surveyId, AnswerBody body, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Answer(groupId, surveyId, body.Answers), cancellationToken))
                .WithSummary("Answers a survey once (409 the second time, or when it is not open); anonymous surveys keep no link to the member.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(surveys + "/{surveyId:guid}/summary", (Guid groupId, Guid surveyId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Summarise(groupId, surveyId), cancellationToken))
                .WithSummary("A survey's results: rating means and counts, choice counts, texts (facilitators and sponsors).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
