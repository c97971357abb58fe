using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>
/// The page that builds a survey (<c>/groups/{slug}/surveys/new</c>, docs/workbench.md) through HTTP, as a browser
/// without JavaScript uses it: for facilitators and sponsors only, refused input kept, success lands on the survey.
/// </summary>
public sealed class SurveyBuilderPageTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_facilitator_builds_a_survey_on_the_page_a_refusal_keeps_every_value_and_others_find_no_page()
    {
        var sponsor = await app.RegisterConfirmedAsync("Builder Sponsor");
        var facilitator = await app.RegisterConfirmedAsync("Builder Facilitator");
        var member = await app.RegisterConfirmedAsync("Builder Member");
        var outsider = await app.RegisterConfirmedAsync("Builder Outsider");
        var group = await sponsor.CreateForumAsync();
        await facilitator.JoinForumAsync(group);
        await member.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(facilitator, group, "Facilitator");
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var path = $"/groups/{slug}/surveys/new";

        // Anyone else: as a page that does not exist.
        (await member.Session.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PageAsync(sponsor.Session, path)).QuerySelector("h1")!.TextContent.ShouldBe("New survey");
        (await PageAsync(facilitator.Session, $"/groups/{slug}/health")).QuerySelectorAll($"a[href='{path}']").ShouldNotBeEmpty();

        var closes = app.Clock.GetUtcNow().AddDays(7).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var form = await PageAsync(facilitator.Session, path);
        form.QuerySelectorAll("fieldset.survey-question").Length.ShouldBe(10);

        // Refused: no title, a choice with one option. Row 2 is left empty, so the choice is the request's second question.
        var refused = await HtmlAsync(await SubmitAsync(facilitator.Session, form, path,
            ("title", ""), ("measure", "Members apply what they learn"), ("anonymous", "true"), ("closesAt", closes),
            ("question-1-kind", "Rating"), ("question-1-text", "How useful were the sessions?"),
            ("question-3-kind", "Choice"), ("question-3-text", "Which format helps most?"), ("question-3-options", "Talks")));
        refused.QuerySelector("#title-error")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        refused.QuerySelector("#title")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelector("#question-3-options-error")!.TextContent.ShouldContain("2 to 10 options");
        refused.QuerySelector("#question-2-options-error")!.TextContent.ShouldBeEmpty();
        refused.QuerySelectorAll(".errors a").Select(a => a.GetAttribute("href")).ShouldContain("#question-3-options");
        refused.QuerySelector("#measure")!.GetAttribute("value").ShouldBe("Members apply what they learn");
        refused.QuerySelector("#anonymous")!.HasAttribute("checked").ShouldBeTrue();
        refused.QuerySelector("#closesat")!.GetAttribute("value").ShouldBe(closes);
        refused.QuerySelector("#question-1-text")!.GetAttribute("value").ShouldBe("How useful were the sessions?");
        refused.QuerySelector("#question-3-text")!.GetAttribute("value").ShouldBe("Which format helps most?");
        refused.QuerySelector("#question-3-options")!.TextContent.ShouldBe("Talks");
        (refused.QuerySelector("#question-3-kind option[selected]") as IHtmlOptionElement)!.Value.ShouldBe("Choice");

        // A time that is not one: the page says so and keeps it.
        var badTime = await HtmlAsync(await SubmitAsync(facilitator.Session, refused, path,
            ("title", "Our sessions"), ("closesAt", "next Friday"), ("question-1-text", "How useful were the sessions?")));
        badTime.QuerySelector("#closesat-error")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        badTime.QuerySelector("#closesat")!.GetAttribute("value").ShouldBe("next Friday");

        var saved = await SubmitAsync(facilitator.Session, refused, path,
            ("title", "Our sessions"), ("measure", "Members apply what they learn"), ("anonymous", "true"), ("closesAt", closes),
            ("question-1-kind", "Rating"), ("question-1-text", "How useful were the sessions?"),
            ("question-3-kind", "Choice"), ("question-3-text", "Which format helps most?"), ("question-3-options", "Talks\r\nClinics\r\n\r\n"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var surveyPath = saved.Headers.Location!.OriginalString;
        surveyPath.ShouldStartWith($"/groups/{slug}/surveys/");

        var survey = await PageAsync(member.Session, surveyPath);
        survey.QuerySelector("h1")!.TextContent.ShouldBe("Our sessions");
        survey.QuerySelectorAll("legend").Select(l => l.TextContent.Trim()).ShouldBe(["How useful were the sessions?", "Which format helps most?"]);
        survey.QuerySelector("main")!.TextContent.ShouldContain("Clinics");
        var listed = (await (await member.Session.GetAsync($"/api/engagement/groups/{group}/surveys")).JsonAsync()).GetProperty("items")[0];
        listed.GetProperty("anonymous").GetBoolean().ShouldBeTrue();
        listed.GetProperty("measure").GetString().ShouldBe("Members apply what they learn");
        listed.GetProperty("questions")[1].GetProperty("options").EnumerateArray().Select(o => o.GetString()).ShouldBe(["Talks", "Clinics"]);
    }

    private static async Task<IDocument> PageAsync(HttpClient session, string path) => await HtmlAsync(await session.GetAsync(path));

    private static async Task<IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the page's survey form as a browser would: its hidden fields (the antiforgery token) and the fields given.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, IDocument page, string path, params (string Name, string Value)[] fields)
    {
        var form = (IHtmlFormElement)page.QuerySelector("form.survey-builder")!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Concat(fields).ToList();
        values.ShouldContain(f => f.Name == "__RequestVerificationToken");
        return await session.PostAsync(path, new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }
}
