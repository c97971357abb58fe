using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// Issue 15, item 7: facilitators and sponsors recognise a member's post ("recognised by", with a note), shown on the
/// topic; the author is told; contributors may not; one's own, missing or removed posts are refused (ADR 0077).
/// </summary>
public sealed class RecognitionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Facilitators_and_sponsors_recognise_a_members_post_the_topic_shows_who_and_the_author_is_told()
    {
        var (sponsor, facilitator, author, contributor, group) = await GroupAsync("Api");
        var topic = await sponsor.StartTopicNumberAsync(group, "What helped your first lesson?", "Tell us.");
        var reply = await author.ReplyNumberAsync(group, topic, "A clear question on the board.");
        var url = Recognition(group, topic, reply);

        // A contributor may not; nobody recognises their own post; a note is short; a post the topic lacks is not there.
        await (await contributor.Session.PutAsJsonAsync(url, new { note = "Nice" })).ProblemAsync(403);
        await (await app.CreateClient().PutAsJsonAsync(url, new { note = "Nice" })).ProblemAsync(401);
        await (await sponsor.Session.PutAsJsonAsync(Recognition(group, topic, 1), new { note = (string?)null })).ProblemAsync(403);
        (await (await sponsor.Session.PutAsJsonAsync(url, new { note = new string('a', 281) })).ProblemAsync(400)).ErrorFields().ShouldBe(["note"]);
        await (await sponsor.Session.PutAsJsonAsync(Recognition(group, topic, 99), new { note = (string?)null })).ProblemAsync(404);

        var answered = await (await sponsor.Session.PutAsJsonAsync(url, new { note = "This unblocked my class." })).JsonAsync();
        answered.GetProperty("recognisedBy").GetArrayLength().ShouldBe(1);
        (await facilitator.Session.PutAsJsonAsync(url, new { note = (string?)null })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Saying it again changes the note, not the count.
        (await facilitator.Session.PutAsJsonAsync(url, new { note = "Agreed." })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var post = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(reply);
        var by = post.GetProperty("recognisedBy").EnumerateArray().ToList();
        by.Select(r => (r.GetProperty("memberId").GetGuid(), r.GetProperty("name").GetString(), r.GetProperty("note").GetString()))
            .ShouldBe([(sponsor.Id, sponsor.DisplayName, "This unblocked my class."), (facilitator.Id, facilitator.DisplayName, "Agreed.")]);
        (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("recognisedBy").GetArrayLength().ShouldBe(0);
        (await sponsor.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("viewer").GetProperty("canRecognise").GetBoolean().ShouldBeTrue();
        (await contributor.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("viewer").GetProperty("canRecognise").GetBoolean().ShouldBeFalse();

        // The author is told once per recogniser, with the note, through the notification path.
        var told = await author.WaitForNotificationAsync("contributionRecognised", "What helped your first lesson?",
            n => n.GetProperty("excerpt").GetString() == "This unblocked my class.");
        told.GetProperty("path").GetString()!.ShouldEndWith($"/topics/{topic}/posts/{reply}");
        told.GetProperty("actorNames").EnumerateArray().Select(a => a.GetString()).ShouldBe([sponsor.DisplayName]);
        await author.WaitForNotificationAsync("contributionRecognised", "What helped your first lesson?",
            n => n.GetProperty("actorNames").EnumerateArray().Any(a => a.GetString() == facilitator.DisplayName));

        // Withdrawn: only the other recognition remains.
        var withdrawn = await (await sponsor.Session.DeleteAsync(url)).JsonAsync();
        withdrawn.GetProperty("recognisedBy").EnumerateArray().Select(r => r.GetProperty("memberId").GetGuid()).ShouldBe([facilitator.Id]);

        // A deleted post is not there to recognise, and shows no recognition.
        (await sponsor.DeletePostAsync(group, topic, reply, "Duplicate")).EnsureSuccessStatusCode();
        await (await sponsor.Session.PutAsJsonAsync(url, new { note = (string?)null })).ProblemAsync(404);
        (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(reply).GetProperty("recognisedBy").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_facilitator_recognises_and_withdraws_on_the_topic_page_without_javascript()
    {
        var (sponsor, facilitator, author, contributor, group) = await GroupAsync("Page");
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var topic = await sponsor.StartTopicNumberAsync(group, "Sharing a rubric", "Here is mine.");
        var reply = await author.ReplyNumberAsync(group, topic, "Mine has four levels.");
        var path = $"/groups/{slug}/topics/{topic}";

        (await PageAsync(contributor.Session, path)).QuerySelectorAll("details.recognise").ShouldBeEmpty();
        var page = await PageAsync(facilitator.Session, path);
        page.QuerySelector($"#post-{reply} details.recognise").ShouldNotBeNull();

        // Refused: the note is too long; the form comes back open, the note kept, the error beside it.
        var tooLong = new string('x', 300);
        var refused = await HtmlAsync(await SubmitAsync(facilitator.Session, page, path, $"#recognise-note-{reply}", ("note", tooLong)));
        refused.QuerySelector($"#post-{reply} details.recognise")!.HasAttribute("open").ShouldBeTrue();
        refused.QuerySelector("#recognisenote")!.GetAttribute("value").ShouldBe(tooLong);
        refused.QuerySelector("#recognisenote")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelector("#recognisenote-error")!.TextContent.ShouldContain("280");

        var saved = await SubmitAsync(facilitator.Session, refused, path, "#recognisenote", ("note", "Four levels is right."));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        saved.Headers.Location!.OriginalString.ShouldBe($"{path}#post-{reply}");

        var shown = await PageAsync(app.CreateSession(), path);
        var recognition = shown.QuerySelector($"#post-{reply} .recognitions li")!;
        recognition.TextContent.ShouldContain(facilitator.DisplayName);
        recognition.TextContent.ShouldContain("Four levels is right.");

        var withdraw = await SubmitAsync(facilitator.Session, await PageAsync(facilitator.Session, path), path,
            $"#post-{reply} form[action*='handler=WithdrawRecognition'] button");
        withdraw.StatusCode.ShouldBe(HttpStatusCode.Redirect, await withdraw.Content.ReadAsStringAsync());
        (await PageAsync(app.CreateSession(), path)).QuerySelectorAll($"#post-{reply} .recognitions li").ShouldBeEmpty();
    }

    private static string Recognition(Guid group, int topic, int post) => $"{DiscussionsApi.Post(group, topic, post)}/recognition";

    private async Task<(TestMember Sponsor, TestMember Facilitator, TestMember Author, TestMember Contributor, Guid Group)> GroupAsync(string who)
    {
        var sponsor = await app.RegisterConfirmedAsync($"Recognising Sponsor {who}");
        var facilitator = await app.RegisterConfirmedAsync($"Recognising Facilitator {who}");
        var author = await app.RegisterConfirmedAsync($"Recognised Author {who}");
        var contributor = await app.RegisterConfirmedAsync($"Plain Contributor {who}");
        var group = await sponsor.CreateForumAsync();
        foreach (var member in new[] { facilitator, author, contributor })
        {
            await member.JoinForumAsync(group);
        }

        await sponsor.SetForumRolesAsync(facilitator, group, "Facilitator");
        return (sponsor, facilitator, author, contributor, group);
    }

    private static async Task<IDocument> PageAsync(HttpClient session, string path) => await HtmlAsync(await session.GetAsync(path));

    private static async Task<IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the form holding <paramref name="selector"/> as a browser would: its hidden fields (antiforgery among them) and the fields given.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, IDocument page, string pagePath, string selector,
        params (string Name, string Value)[] fields)
    {
        var form = page.QuerySelector(selector)?.Closest("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form holds {selector} on {pagePath}.");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Where(f => fields.All(given => given.Name != f.Name)).Concat(fields).ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : pagePath;
        return await session.PostAsync(action, new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }
}
