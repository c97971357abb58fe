using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>Curators turn a solved discussion into a wiki page, with its authors named and a link back to the topic.</summary>
public sealed class WikiCaptureTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_facilitator_captures_a_question_and_its_accepted_answer_into_a_new_page_naming_both_authors()
    {
        var sponsor = await app.RegisterConfirmedAsync("Capture Sponsor");
        var asker = await app.RegisterConfirmedAsync("Capture Asker");
        var answerer = await app.RegisterConfirmedAsync("Capture Answerer");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        await answerer.JoinForumAsync(group);
        var topic = await asker.StartTopicNumberAsync(group, "How do you price a CV review?", "Hourly or fixed?", kind: "Question");
        await sponsor.ReplyNumberAsync(group, topic, "Depends.");
        var answer = await answerer.ReplyNumberAsync(group, topic, "Fixed: clients want to know the cost up front.");
        (await asker.AcceptAnswerAsync(group, topic, answer)).EnsureSuccessStatusCode();

        var response = await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture", new { topicNumber = topic, acceptedAnswerOnly = true });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var slug = (await response.JsonAsync()).GetProperty("slug").GetString()!;
        slug.ShouldBe("how-do-you-price-a-cv-review");

        var page = await sponsor.Session.ReadPageAsync(group, slug);
        var source = page.GetProperty("source").GetString()!;
        source.ShouldContain("Written by Capture Asker, Capture Answerer.");
        source.ShouldContain($"(/groups/{page.GetProperty("groupSlug").GetString()}/topics/{topic})");
        source.ShouldContain("**Question, by Capture Asker:**\n\nHourly or fixed?");
        source.ShouldContain("**Accepted answer, by Capture Answerer:**\n\nFixed: clients want to know the cost up front.");
        source.ShouldNotContain("Depends.");

        // The whole topic as a section of an existing page.
        var existing = await sponsor.CreatePageSlugAsync(group, "Pricing", "Our notes on pricing.");
        (await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture",
            new { topicNumber = topic, acceptedAnswerOnly = false, into = existing, title = "CV reviews" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var section = (await sponsor.Session.ReadPageAsync(group, existing)).GetProperty("source").GetString()!;
        section.ShouldStartWith("Our notes on pricing.\n\n## CV reviews\n\n");
        section.ShouldContain("**Reply #2, by Capture Sponsor:**\n\nDepends.");
        section.ShouldContain("Written by Capture Asker, Capture Sponsor, Capture Answerer.");
    }

    [Fact]
    public async Task Capturing_is_for_curators_and_needs_a_topic_that_exists_with_an_answer_when_asked_for()
    {
        var sponsor = await app.RegisterConfirmedAsync("Refused Capture Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Refused Capture Contributor");
        var group = await sponsor.CreateForumAsync();
        await contributor.JoinForumAsync(group);
        var topic = await contributor.StartTopicNumberAsync(group, "An open question", "Anyone?", kind: "Question");

        (await contributor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture", new { topicNumber = topic, acceptedAnswerOnly = false }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture", new { topicNumber = 99, acceptedAnswerOnly = false }))
            .ProblemAsync(400)).ErrorFields().ShouldBe(["topicNumber"]);
        (await (await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture", new { topicNumber = topic, acceptedAnswerOnly = true }))
            .ProblemAsync(400)).ErrorFields().ShouldBe(["acceptedAnswerOnly"]);
        (await sponsor.Session.TreeAsync(group)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_captured_topic_gets_a_note_pointing_to_the_wiki_page_once_per_page()
    {
        var sponsor = await app.RegisterConfirmedAsync("Noted Capture Sponsor");
        var asker = await app.RegisterConfirmedAsync("Noted Capture Asker");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        var topic = await asker.StartTopicNumberAsync(group, "Which interest inventory do you use?", "For school leavers.");
        await sponsor.ReplyNumberAsync(group, topic, "The short one, with a follow-up talk.");

        var response = await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture",
            new { topicNumber = topic, acceptedAnswerOnly = false, title = "Interest inventories" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var path = (await response.JsonAsync()).GetProperty("path").GetString()!;
        path.ShouldEndWith("/wiki/interest-inventories");

        System.Text.Json.JsonElement notes = default;
        await Eventually.TrueAsync(async () =>
        {
            notes = (await asker.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("wikiPages");
            return notes.GetArrayLength() > 0;
        }, "the topic to note the page it was captured into");
        notes.GetArrayLength().ShouldBe(1);
        notes[0].GetProperty("title").GetString().ShouldBe("Interest inventories");
        notes[0].GetProperty("path").GetString().ShouldBe(path);

        // Captured again into the same page (as a section): still one note; the topic page links to the wiki page.
        (await sponsor.Session.PostAsJsonAsync($"{WikiApi.Pages(group)}/capture",
            new { topicNumber = topic, acceptedAnswerOnly = false, into = "interest-inventories", title = "Again" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await sponsor.Session.RevisionsAsync(group, "interest-inventories")).Count == 2, "the second capture");
        var html = await (await asker.Session.GetAsync(path.Replace("/wiki/interest-inventories", $"/topics/{topic}", StringComparison.Ordinal))).Content
            .ReadAsStringAsync();
        html.ShouldContain($"Captured into the wiki: <a href=\"{path}\">Interest inventories</a>");
        (await asker.Session.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("wikiPages").GetArrayLength().ShouldBe(1);
    }
}
