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
}
