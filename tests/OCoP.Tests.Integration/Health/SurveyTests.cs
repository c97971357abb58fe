using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>Issue 15, item 6: a facilitator opens a survey, members answer once, the summary is hand-checkable.</summary>
public sealed class SurveyTests(SurveyTests.App app) : IClassFixture<SurveyTests.App>
{
    public sealed class App : OCoPApp;

    private static object NewSurvey(DateTimeOffset closesAt, bool anonymous = true) => new
    {
        title = "How useful were our sessions?",
        measure = "Members apply what they learn at work",
        anonymous,
        closesAt,
        questions = new object[]
        {
            new { kind = "Rating", text = "How useful were the sessions?" },
            new { kind = "Choice", text = "Which format helps most?", options = new[] { "Talks", "Clinics", "Reading groups" } },
            new { kind = "Text", text = "What would you change?" },
        },
    };

    [Fact]
    public async Task Members_answer_once_and_the_summary_counts_what_they_said()
    {
        var sponsor = await app.RegisterConfirmedAsync("Survey Sponsor");
        var ann = await app.RegisterConfirmedAsync("Survey Ann");
        var bob = await app.RegisterConfirmedAsync("Survey Bob");
        var outsider = await app.RegisterConfirmedAsync("Survey Outsider");
        var group = await sponsor.CreateForumAsync();
        await ann.JoinForumAsync(group);
        await bob.JoinForumAsync(group);
        var surveys = $"/api/engagement/groups/{group}/surveys";

        // Only facilitators and sponsors open one; bad input is a 400 that changes nothing.
        await (await ann.Session.PostAsJsonAsync(surveys, NewSurvey(app.Clock.GetUtcNow().AddDays(7)))).ProblemAsync(403);
        await (await sponsor.Session.PostAsJsonAsync(surveys, NewSurvey(app.Clock.GetUtcNow().AddDays(-1)))).ProblemAsync(400);
        await (await sponsor.Session.PostAsJsonAsync(surveys, new { title = "Empty", closesAt = app.Clock.GetUtcNow().AddDays(1), questions = Array.Empty<object>() }))
            .ProblemAsync(400);
        await (await sponsor.Session.PostAsJsonAsync(surveys, new
        {
            title = "One option", closesAt = app.Clock.GetUtcNow().AddDays(1), questions = new[] { new { kind = "Choice", text = "Pick", options = new[] { "Only" } } },
        })).ProblemAsync(400);
        var created = await sponsor.Session.PostAsJsonAsync(surveys, NewSurvey(app.Clock.GetUtcNow().AddDays(7)));
        created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var survey = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await (await ann.Session.GetAsync(surveys)).JsonAsync()).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([survey]);

        var answers = $"{surveys}/{survey}/answers";
        (await ann.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 4 }, new { choice = 1 }, new { text = "More clinics." } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        // A second answer is a conflict; wrong answers are field errors; a non-member is refused.
        await (await ann.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 1 }, new { choice = 0 }, new { text = "" } } }))
            .ProblemAsync(409);
        await (await bob.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 6 }, new { choice = 0 }, new { } } })).ProblemAsync(400);
        await (await bob.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 5 }, new { choice = 3 }, new { } } })).ProblemAsync(400);
        await (await bob.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 5 } } })).ProblemAsync(400);
        await (await outsider.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 5 }, new { choice = 0 }, new { } } }))
            .ProblemAsync(403);
        (await bob.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 5 }, new { choice = 1 }, new { } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Hand-computed: ratings 4 and 5 → mean 4.5, counts [0,0,0,1,1]; choices Clinics twice; one text.
        await (await ann.Session.GetAsync($"{surveys}/{survey}/summary")).ProblemAsync(403);
        var summary = await (await sponsor.Session.GetAsync($"{surveys}/{survey}/summary")).JsonAsync();
        summary.GetProperty("responses").GetInt32().ShouldBe(2);
        summary.GetProperty("members").GetInt32().ShouldBe(3);
        summary.GetProperty("measure").GetString().ShouldBe("Members apply what they learn at work");
        var questions = summary.GetProperty("questions");
        questions[0].GetProperty("averageRating").GetDouble().ShouldBe(4.5);
        questions[0].GetProperty("ratingCounts").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([0, 0, 0, 1, 1]);
        questions[1].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()).ShouldBe([0, 2, 0]);
        questions[2].GetProperty("texts").EnumerateArray().Select(t => t.GetString()).ShouldBe(["More clinics."]);
        (await (await ann.Session.GetAsync($"{surveys}/{survey}")).JsonAsync()).GetProperty("answered").GetBoolean().ShouldBeTrue();

        // Anonymous: no response keeps who answered it.
        var kept = await app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            return await session.Query<OCoP.Modules.Engagement.Surveys.SurveyResponse>().Where(r => r.SurveyId == survey).ToListAsync();
        });
        kept.Count.ShouldBe(2);
        kept.ShouldAllBe(r => r.MemberId == null);

        // Closed: answering is refused.
        app.Clock.Advance(TimeSpan.FromDays(8));
        var late = await app.RegisterConfirmedAsync("Survey Latecomer");
        await late.JoinForumAsync(group);
        await (await late.Session.PostAsJsonAsync(answers, new { answers = new object[] { new { rating = 3 }, new { choice = 0 }, new { } } })).ProblemAsync(409);
    }
}
