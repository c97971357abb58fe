using System.Net.Http.Json;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

public sealed class DiscussionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_asks_another_answers_quoting_and_mentioning_the_asker_accepts_and_a_flagged_post_is_hidden_from_the_review_queue()
    {
        var facilitator = await app.RegisterConfirmedAsync("Fiona Facilitator");
        var asker = await app.RegisterConfirmedAsync("Asha Asker");
        var answerer = await app.RegisterConfirmedAsync("Ravi Replier");
        var flagger = await app.RegisterConfirmedAsync("Flo Flagger");

        // Set-up through the API: a public group with a code of conduct, and three members who accepted it.
        var group = await facilitator.CreateForumAsync();
        (await facilitator.Session.PutAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct",
            new { clauses = new[] { "Assume good intent.", "No selling to members." } })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
            (await (await facilitator.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("codeOfConduct").GetArrayLength() == 2,
            "the forum to know the code of conduct");
        foreach (var member in new[] { asker, answerer, flagger })
        {
            (await member.JoinAsync(group, acceptCodeOfConductVersion: 1)).EnsureSuccessStatusCode();
            await member.WaitForViewerAsync(group, v => v.GetProperty("isMember").GetBoolean());
        }

        var slug = (await (await facilitator.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        // The asker finds the forum from the group's home page and asks a question.
        var askerPage = await app.SignedInPageAsync(asker, consoleErrors);
        await askerPage.GotoAuditedAsync($"/groups/{slug}");
        await askerPage.GetByRole(AriaRole.Link, new() { Name = "Forum", Exact = true }).ClickAsync();
        await Expect(askerPage).ToHaveURLAsync(app.Url($"/groups/{slug}/forum"));
        await Expect(askerPage.GetByRole(AriaRole.Link, new() { Name = "New topic" })).ToBeVisibleAsync();
        await askerPage.ShouldHaveNoSeriousViolationsAsync();
        await askerPage.GetByRole(AriaRole.Link, new() { Name = "New topic" }).ClickAsync();
        await Expect(askerPage.GetByLabel("Question: you want answers")).ToBeVisibleAsync();
        await Expect(askerPage.GetByLabel("Announcement")).ToHaveCountAsync(0); // for facilitators only
        await askerPage.ShouldHaveNoSeriousViolationsAsync();
        await askerPage.GetByLabel("Question: you want answers").CheckAsync();
        await askerPage.GetByLabel("Title", new() { Exact = true }).FillAsync("How do you open a first session?");
        await askerPage.GetByLabel("Your message").FillAsync("I start with small talk. What works for you?");
        await askerPage.GetByRole(AriaRole.Button, new() { Name = "Post the topic" }).ClickAsync();
        await Expect(askerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your question is up.");
        await Expect(askerPage.GetByRole(AriaRole.Heading, new() { Name = "How do you open a first session?", Level = 1 })).ToBeVisibleAsync();
        var topicUrl = askerPage.Url;
        topicUrl.ShouldBe(app.Url($"/groups/{slug}/topics/1"));
        await askerPage.ShouldHaveNoSeriousViolationsAsync();

        // Another member quotes the question and mentions the asker in the answer.
        var answererPage = await app.SignedInPageAsync(answerer, consoleErrors);
        await answererPage.GotoAuditedAsync(topicUrl);
        await answererPage.GetByRole(AriaRole.Link, new() { Name = "Quote post 1" }).ClickAsync();
        var composer = answererPage.GetByRole(AriaRole.Region, new() { Name = "Reply", Exact = true });
        await Expect(composer).ToContainTextAsync("Quoting #1 by Asha Asker");
        await answererPage.ShouldHaveNoSeriousViolationsAsync();
        await composer.GetByLabel("Your reply").FillAsync("@asha_asker I ask what they want to leave with today.");
        await composer.GetByRole(AriaRole.Button, new() { Name = "Post the reply" }).ClickAsync();
        await Expect(answererPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your reply is posted.");
        await Expect(answererPage).ToHaveURLAsync(topicUrl + "#post-2");
        var answer = answererPage.Locator("#post-2");
        await Expect(answer.Locator("blockquote.quote")).ToContainTextAsync("Asha Asker wrote in #1");
        await Expect(answer.Locator("blockquote.quote")).ToContainTextAsync("I start with small talk.");
        var mention = answer.GetByRole(AriaRole.Link, new() { Name = "@asha_asker" });
        await Expect(mention).ToHaveAttributeAsync("href", $"/members/{asker.Id}");
        await answererPage.ShouldHaveNoSeriousViolationsAsync();

        // The asker accepts that answer: it shows under the question, for everyone.
        await askerPage.GotoAuditedAsync(topicUrl);
        await askerPage.GetByRole(AriaRole.Button, new() { Name = "Accept post 2 as answer" }).ClickAsync();
        await Expect(askerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Post 2 is the accepted answer.");
        await askerPage.ShouldHaveNoSeriousViolationsAsync();
        await answererPage.GotoAsync(topicUrl);
        var accepted = answererPage.GetByRole(AriaRole.Region, new() { Name = "Accepted answer" });
        await Expect(accepted).ToContainTextAsync("I ask what they want to leave with today.");
        await Expect(accepted).ToContainTextAsync("Ravi Replier");
        await Expect(answererPage.Locator("#post-1 + #accepted-answer")).ToBeVisibleAsync(); // right under the question
        await answererPage.ShouldHaveNoSeriousViolationsAsync();
        await answererPage.GotoAsync($"/groups/{slug}/forum?sort=unanswered");
        await Expect(answererPage.GetByText("Every open question has an accepted answer.")).ToBeVisibleAsync();
        await answererPage.ShouldHaveNoSeriousViolationsAsync();

        // The answerer then advertises; a third member flags it, citing the code of conduct.
        await answererPage.GotoAsync(topicUrl);
        await answererPage.GetByLabel("Your reply").FillAsync("Book my paid course on first sessions, half price this week!");
        await answererPage.GetByRole(AriaRole.Button, new() { Name = "Post the reply" }).ClickAsync();
        await Expect(answererPage).ToHaveURLAsync(topicUrl + "#post-3");
        await Expect(answererPage.Locator("#post-3")).ToContainTextAsync("Book my paid course");
        await answererPage.ShouldHaveNoSeriousViolationsAsync();

        var flaggerPage = await app.SignedInPageAsync(flagger, consoleErrors);
        await flaggerPage.GotoAuditedAsync(topicUrl);
        await flaggerPage.GetByRole(AriaRole.Link, new() { Name = "Flag post 3" }).ClickAsync();
        await Expect(flaggerPage.GetByRole(AriaRole.Button, new() { Name = "Flag the post" })).ToBeVisibleAsync();
        await flaggerPage.ShouldHaveNoSeriousViolationsAsync();
        await flaggerPage.GetByRole(AriaRole.Button, new() { Name = "Flag the post" }).ClickAsync();
        await Expect(flaggerPage.Locator("#input-reason-error")).ToHaveTextAsync("Choose why you flag this post.");
        await flaggerPage.ShouldHaveNoSeriousViolationsAsync();
        await flaggerPage.GetByLabel("Breaks the code of conduct", new() { Exact = true }).CheckAsync();
        await flaggerPage.GetByLabel("The clause of the code of conduct it breaks").SelectOptionAsync(new SelectOptionValue { Label = "2. No selling to members." });
        await flaggerPage.GetByLabel("A note for the facilitators").FillAsync("An advert for a paid course.");
        await flaggerPage.GetByRole(AriaRole.Button, new() { Name = "Flag the post" }).ClickAsync();
        await Expect(flaggerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you. The facilitators will review the post.");
        await flaggerPage.ShouldHaveNoSeriousViolationsAsync();

        // The facilitator resolves the flag from the review queue: the post is hidden, and the log says so.
        var facilitatorPage = await app.SignedInPageAsync(facilitator, consoleErrors);
        await facilitatorPage.GotoAsync($"/groups/{slug}/forum");
        var tools = facilitatorPage.GetByRole(AriaRole.Navigation, new() { Name = "Facilitators' tools" });
        await Expect(tools).ToContainTextAsync("1 waiting");
        await facilitatorPage.ShouldHaveNoSeriousViolationsAsync();
        await tools.GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();
        var flagged = facilitatorPage.GetByRole(AriaRole.Article, new() { Name = "Post #3 by Ravi Replier" });
        await Expect(flagged).ToContainTextAsync("Book my paid course on first sessions");
        await Expect(flagged).ToContainTextAsync("Flo Flagger: Breaks the code of conduct (clause 2: No selling to members.): “An advert for a paid course.”");
        await facilitatorPage.ShouldHaveNoSeriousViolationsAsync();
        await flagged.GetByLabel("Message").FillAsync("Adverts are not allowed here.");
        await flagged.GetByRole(AriaRole.Button, new() { Name = "Hide (post #3 by Ravi Replier)" }).ClickAsync();
        await Expect(facilitatorPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("The post is hidden.");
        await Expect(facilitatorPage.GetByText("No post is waiting for review.")).ToBeVisibleAsync();
        await facilitatorPage.ShouldHaveNoSeriousViolationsAsync();
        await facilitatorPage.GetByRole(AriaRole.Link, new() { Name = "Moderation log" }).ClickAsync();
        var entry = facilitatorPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "hid a post" });
        await Expect(entry).ToContainTextAsync("Fiona Facilitator");
        await Expect(entry).ToContainTextAsync("Ravi Replier");
        await Expect(entry).ToContainTextAsync("Adverts are not allowed here.");
        await Expect(entry.GetByRole(AriaRole.Link, new() { Name = "Topic 1, post 3" })).ToHaveAttributeAsync("href", $"/groups/{slug}/topics/1/posts/3");
        await facilitatorPage.ShouldHaveNoSeriousViolationsAsync();

        // Members see the post's place, not its words; the accepted answer stays.
        await flaggerPage.GotoAsync(topicUrl);
        var hidden = flaggerPage.Locator("#post-3");
        await Expect(hidden).ToContainTextAsync("This post is hidden: Adverts are not allowed here.");
        await Expect(hidden).Not.ToContainTextAsync("Book my paid course");
        await Expect(flaggerPage.GetByRole(AriaRole.Region, new() { Name = "Accepted answer" })).ToContainTextAsync("I ask what they want to leave with today.");
        await flaggerPage.ShouldHaveNoSeriousViolationsAsync();

        consoleErrors.ShouldBeEmpty(); // a Content-Security-Policy violation on any page of the journey would show here
    }
}
