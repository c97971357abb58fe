using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Health;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The scheduled prompts page (<c>/groups/{slug}/prompts</c>, docs/workbench.md) through HTTP, as a browser without
/// JavaScript uses it: facilitators only, the time typed in the member's own zone, a refused form keeps what was typed.
/// </summary>
public sealed class PromptPageTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_facilitator_schedules_a_prompt_in_their_own_time_zone_and_a_past_time_comes_back_with_the_input_kept()
    {
        var sponsor = await app.RegisterConfirmedAsync("Prompt Sponsor");
        var member = await app.RegisterConfirmedAsync("Prompt Member");
        var outsider = await app.RegisterConfirmedAsync("Prompt Outsider");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var path = $"/groups/{slug}/prompts";
        // The sponsor lives in Paris: the form's times are Paris times (the zone is read at sign-in).
        (await sponsor.Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = "Prompt Sponsor", timeZone = "Europe/Paris" }))
            .EnsureSuccessStatusCode();
        await sponsor.SignInAgainAsync();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        // Others get "not found", as for a page that is not there; the forum's facilitators' tools link to it.
        (await member.Session.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var forum = await PageAsync(sponsor.Session, $"/groups/{slug}/forum");
        forum.QuerySelectorAll("nav[aria-label=\"Facilitators' tools\"] a").Select(a => a.GetAttribute("href")).ShouldContain(path);

        var page = await PageAsync(sponsor.Session, path);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Scheduled prompts");
        page.QuerySelector("main")!.TextContent.ShouldContain("No prompt scheduled yet.");
        page.QuerySelector("label[for=postat]")!.TextContent.ShouldBe("Post at");
        page.QuerySelector("#postat")!.GetAttribute("type").ShouldBe("datetime-local");
        page.QuerySelector("#postat-hint")!.TextContent.ShouldContain("Europe/Paris");

        // An hour ago, Paris time: refused beside the field, every value kept.
        var past = Local(app.Clock.GetUtcNow().AddHours(-1), paris);
        var refused = await SubmitAsync(sponsor.Session, page, path, "#postat",
            ("title", "What did you try this week?"), ("body", "One thing each, **short**."), ("postAt", past), ("weeks", "3"));
        var again = await HtmlAsync(refused);
        again.QuerySelector("#postat-error")!.TextContent.ShouldBe("A prompt is posted in the future: choose a later time.");
        again.QuerySelector("#postat")!.GetAttribute("aria-invalid").ShouldBe("true");
        again.QuerySelector(".error-summary")!.TextContent.ShouldContain("A prompt is posted in the future");
        again.QuerySelector("#title")!.GetAttribute("value").ShouldBe("What did you try this week?");
        again.QuerySelector("#body")!.TextContent.ShouldBe("One thing each, **short**.");
        again.QuerySelector("#postat")!.GetAttribute("value").ShouldBe(past);
        again.QuerySelector("#weeks")!.GetAttribute("value").ShouldBe("3");

        // The day after tomorrow at nine in Paris, twice: scheduled at that instant, listed with both occurrences.
        var nine = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), paris).Date.AddDays(2).AddHours(9);
        var expected = new DateTimeOffset(nine, paris.GetUtcOffset(nine));
        var scheduled = await SubmitAsync(sponsor.Session, again, path, "#postat",
            ("title", "What did you try this week?"), ("body", "One thing each."), ("postAt", nine.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            ("weeks", "2"));
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await scheduled.Content.ReadAsStringAsync());
        scheduled.Headers.Location!.OriginalString.ShouldBe(path);

        var prompts = (await (await sponsor.Session.GetAsync($"/api/discussions/groups/{group}/prompts")).JsonAsync()).GetProperty("items");
        prompts.GetArrayLength().ShouldBe(1);
        prompts[0].GetProperty("title").GetString().ShouldBe("What did you try this week?");
        prompts[0].GetProperty("firstAt").GetDateTimeOffset().ShouldBe(expected);
        prompts[0].GetProperty("occurrences").GetInt32().ShouldBe(2);

        var listed = await PageAsync(sponsor.Session, path);
        listed.QuerySelector(".prompts h3")!.TextContent.ShouldBe("What did you try this week?");
        listed.QuerySelectorAll(".prompts .occurrences li")
            .Select(li => DateTimeOffset.Parse(li.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture))
            .ShouldBe([expected, expected.AddDays(7)]);
        listed.QuerySelectorAll(".prompts .occurrences li").ShouldAllBe(li => li.TextContent.Contains("scheduled"));
    }

    [Fact]
    public async Task The_author_changes_a_prompt_from_the_list_and_a_facilitator_cancels_the_rest()
    {
        var sponsor = await app.RegisterConfirmedAsync("Prompt Changer");
        var group = await sponsor.CreateForumAsync();
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var path = $"/groups/{slug}/prompts";
        var at = DateTimeOffset.UtcNow.AddDays(1);
        (await sponsor.Session.PostAsJsonAsync($"/api/discussions/groups/{group}/prompts",
            new { title = "A question worded badly", body = "Tell us.", postAt = at, weeks = 3 })).EnsureSuccessStatusCode();

        // "Change" opens the form with the prompt's values; the time field shows minutes, and left as it is keeps the
        // prompt's own time to the second.
        var listed = await PageAsync(sponsor.Session, path);
        var change = listed.QuerySelector(".prompts .actions a")!;
        change.TextContent.ShouldBe("Change");
        var form = await PageAsync(sponsor.Session, change.GetAttribute("href")!.Split('#')[0]);
        form.QuerySelector("#schedule-heading")!.TextContent.ShouldBe("Change “A question worded badly”");
        form.QuerySelector("#title")!.GetAttribute("value").ShouldBe("A question worded badly");
        form.QuerySelector("#body")!.TextContent.ShouldBe("Tell us.");
        form.QuerySelector("#weeks")!.GetAttribute("value").ShouldBe("3");
        var postAt = form.QuerySelector("#postat")!.GetAttribute("value")!;

        // A refused change comes back with its values; a good one goes back to the list.
        var refused = await HtmlAsync(await SubmitAsync(sponsor.Session, form, path, "#title", ("title", "Hm"), ("body", "Tell us more."),
            ("postAt", postAt), ("weeks", "3")));
        refused.QuerySelector("#title-error").ShouldNotBeNull();
        refused.QuerySelector("#body")!.TextContent.ShouldBe("Tell us more.");
        refused.QuerySelector("input[name=promptId]").ShouldNotBeNull();
        var saved = await SubmitAsync(sponsor.Session, refused, path, "#title", ("title", "A question worded well"), ("body", "Tell us more."),
            ("postAt", postAt), ("weeks", "3"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var prompt = (await (await sponsor.Session.GetAsync($"/api/discussions/groups/{group}/prompts")).JsonAsync()).GetProperty("items")[0];
        prompt.GetProperty("title").GetString().ShouldBe("A question worded well");
        prompt.GetProperty("firstAt").GetDateTimeOffset().ShouldBe(at, TimeSpan.FromMilliseconds(1));

        // "Cancel the rest": every occurrence is listed as cancelled, and the prompt has no buttons any more.
        var cancelled = await SubmitAsync(sponsor.Session, await PageAsync(sponsor.Session, path), path, ".prompts .actions button");
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());
        var after = await PageAsync(sponsor.Session, path);
        after.QuerySelectorAll(".prompts .occurrences li").Count().ShouldBe(3);
        after.QuerySelectorAll(".prompts .occurrences li").ShouldAllBe(li => li.TextContent.Contains("cancelled"));
        after.QuerySelector(".prompts .actions").ShouldBeNull();
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static async Task<IDocument> PageAsync(HttpClient session, string path) => await HtmlAsync(await session.GetAsync(path));

    private static async Task<IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the form holding <paramref name="selector"/> as a browser would: its hidden fields (the antiforgery token) and the fields given.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, IDocument page, string pagePath, string selector,
        params (string Name, string Value)[] fields)
    {
        var form = page.QuerySelector(selector)?.Closest("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form holds {selector} on {pagePath}.");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Where(f => fields.All(given => given.Name != f.Name)).Concat(fields).ToList();
        values.ShouldContain(f => f.Name == "__RequestVerificationToken");
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : pagePath;
        return await session.PostAsync(action, new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }
}
