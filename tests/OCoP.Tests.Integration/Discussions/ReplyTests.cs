using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Topics of three kinds; replies that answer a post or quote one; the threaded and chronological views and their pages.</summary>
public sealed class ReplyTests(ReplyTests.App app) : IClassFixture<ReplyTests.App>
{
    /// <summary>Long topics are written faster than the site's ten posts a minute.</summary>
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task Members_start_discussions_and_questions_and_only_moderators_make_announcements_which_are_pinned()
    {
        var sponsor = await app.RegisterConfirmedAsync("Kinds Sponsor");
        var member = await app.RegisterConfirmedAsync("Kinds Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);

        var announcement = await sponsor.StartTopicNumberAsync(group, "Welcome to the forum", "Read the charter first.", kind: "Announcement");
        var discussion = await member.StartTopicNumberAsync(group, "What worked this week?", "Share one thing.");
        var question = await member.StartTopicNumberAsync(group, "How do you grade lab reports?", "Rubric or holistic?", kind: "Question");
        await (await member.StartTopicAsync(group, "Everyone read this now", "I am not a facilitator.", kind: "Announcement")).ProblemAsync(403);

        var anonymous = app.CreateClient();
        var kinds = new Dictionary<int, (string Kind, bool Pinned)>
        {
            [announcement] = ("Announcement", true), [discussion] = ("Discussion", false), [question] = ("Question", false),
        };
        foreach (var (number, (kind, pinned)) in kinds)
        {
            var topic = (await anonymous.TopicPageAsync(group, number)).GetProperty("topic");
            topic.GetProperty("kind").GetString().ShouldBe(kind);
            topic.GetProperty("pinned").GetBoolean().ShouldBe(pinned);
        }

        // The announcement is the oldest topic, yet leads the latest list: it is pinned.
        var latest = await anonymous.TopicListAsync(group);
        latest.Numbers().ShouldBe([announcement, question, discussion]);
        latest.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ShouldBe(["Announcement", "Question", "Discussion"]);
    }

    [Fact]
    public async Task A_reply_names_the_post_it_answers_and_that_posts_author()
    {
        var sponsor = await app.RegisterConfirmedAsync("Answered Sponsor");
        var asker = await app.RegisterConfirmedAsync("Answered Asker");
        var helper = await app.RegisterConfirmedAsync("Answered Helper");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        await helper.JoinForumAsync(group);

        var topic = await asker.StartTopicNumberAsync(group, "Starting a lesson with a puzzle", "Does it work for you?");
        (await sponsor.ReplyNumberAsync(group, topic, "It does, with a short one.", replyTo: 1)).ShouldBe(2);
        (await helper.ReplyNumberAsync(group, topic, "How short is short?", replyTo: 2)).ShouldBe(3);
        (await asker.ReplyNumberAsync(group, topic, "Thanks, both of you.")).ShouldBe(4);

        var created = await helper.ReplyAsync(group, topic, "Five minutes at most, I would say.", replyTo: 3);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var written = await created.JsonAsync();
        written.GetProperty("number").GetInt32().ShouldBe(5);
        created.Headers.Location!.ToString().ShouldBe(DiscussionsApi.Post(group, topic, 5));

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        var slug = page.GetProperty("topic").GetProperty("groupSlug").GetString();
        written.GetProperty("path").GetString().ShouldBe($"/groups/{slug}/topics/{topic}/posts/5");
        page.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(4);
        // Answering the opening post, or nothing in particular, is answering the topic: no reply-to is shown.
        foreach (var number in new[] { 2, 4 })
        {
            page.PostNumbered(number).GetProperty("replyToNumber").ValueKind.ShouldBe(JsonValueKind.Null);
            page.PostNumbered(number).GetProperty("replyToAuthorName").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        page.PostNumbered(3).GetProperty("replyToNumber").GetInt32().ShouldBe(2);
        page.PostNumbered(3).GetProperty("replyToAuthorName").GetString().ShouldBe("Answered Sponsor");
        page.PostNumbered(5).GetProperty("replyToNumber").GetInt32().ShouldBe(3);
        page.PostNumbered(5).GetProperty("replyToAuthorName").GetString().ShouldBe("Answered Helper");
        page.PostNumbered(5).GetProperty("authorName").GetString().ShouldBe("Answered Helper");
    }

    [Fact]
    public async Task A_reply_to_a_post_the_topic_does_not_have_is_refused()
    {
        var sponsor = await app.RegisterConfirmedAsync("Missing Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "A short topic", "Just one post.");

        (await (await sponsor.ReplyAsync(group, topic, "To nothing.", replyTo: 7)).ProblemAsync(400)).ErrorFields().ShouldBe(["replyTo"]);
        (await (await sponsor.ReplyAsync(group, topic, "Quoting nothing.", quote: new { postNumber = 9 })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["quote.postNumber"]);

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        page.PostNumbers().ShouldBe([1]);
        page.GetProperty("topic").GetProperty("lastPostNumber").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_quote_shows_the_quoted_words_with_their_author_and_post_number()
    {
        var sponsor = await app.RegisterConfirmedAsync("Quoting Sponsor");
        var quoted = await app.RegisterConfirmedAsync("Quoted Member");
        var group = await sponsor.CreateForumAsync();
        await quoted.JoinForumAsync(group);

        var topic = await sponsor.StartTopicNumberAsync(group, "Homework: how much?", "Less than we think, I suspect.");
        await quoted.ReplyNumberAsync(group, topic, "Twenty minutes a night is **plenty**. More than that and they stop reading the feedback.");
        var chosen = await sponsor.ReplyNumberAsync(group, topic, "Agreed on the feedback part.",
            quote: new { postNumber = 2, text = "they stop reading the feedback" });
        var whole = await sponsor.ReplyNumberAsync(group, topic, "And the first half too.", replyTo: 2, quote: new { postNumber = 2 });

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        var chosenQuote = page.PostNumbered(chosen).GetProperty("quote");
        chosenQuote.GetProperty("postNumber").GetInt32().ShouldBe(2);
        chosenQuote.GetProperty("authorName").GetString().ShouldBe("Quoted Member");
        chosenQuote.GetProperty("html").GetString()!.Trim().ShouldBe("<p>they stop reading the feedback</p>");
        page.PostNumbered(chosen).GetProperty("html").GetString()!.Trim().ShouldBe("<p>Agreed on the feedback part.</p>");

        // No passage chosen: the quote is the start of the post, rendered like the post.
        var wholeQuote = page.PostNumbered(whole).GetProperty("quote");
        wholeQuote.GetProperty("postNumber").GetInt32().ShouldBe(2);
        wholeQuote.GetProperty("authorName").GetString().ShouldBe("Quoted Member");
        wholeQuote.GetProperty("html").GetString()!.ShouldStartWith("<p>Twenty minutes a night is <strong>plenty</strong>.");
        page.PostNumbered(whole).GetProperty("replyToNumber").GetInt32().ShouldBe(2);
        page.PostNumbered(2).GetProperty("quote").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_threaded_view_shows_each_reply_under_the_post_it_answers_and_the_chronological_view_keeps_writing_order()
    {
        var sponsor = await app.RegisterConfirmedAsync("Thread Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "Threads and their branches", "Post 1.");
        // 2 and 3 answer the topic; 4 answers 2; 5 answers 4; 6 answers 2 again; 7 answers 3; 8 answers the topic.
        var replyTo = new int?[] { null, null, 2, 4, 2, 3, 1 };
        foreach (var parent in replyTo)
        {
            (await sponsor.ReplyAsync(group, topic, $"Reply to {parent?.ToString() ?? "the topic"}.", replyTo: parent)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var anonymous = app.CreateClient();
        var chronological = await anonymous.TopicPageAsync(group, topic);
        chronological.GetProperty("view").GetString().ShouldBe("chronological");
        chronological.PostNumbers().ShouldBe([1, 2, 3, 4, 5, 6, 7, 8]);
        (await anonymous.TopicPageAsync(group, topic, "?view=chronological")).PostNumbers().ShouldBe([1, 2, 3, 4, 5, 6, 7, 8]);

        var threaded = await anonymous.TopicPageAsync(group, topic, "?view=threaded");
        threaded.GetProperty("view").GetString().ShouldBe("threaded");
        // A reply to #2 comes after #2's whole subtree written before it (4, 5), and before #3.
        threaded.PostNumbers().ShouldBe([1, 2, 4, 5, 6, 3, 7, 8]);
        threaded.PostsOf().Select(p => p.GetProperty("depth").GetInt32()).ShouldBe([0, 1, 2, 3, 2, 1, 2, 1]);
        threaded.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        await (await anonymous.GetAsync($"{DiscussionsApi.Topic(group, topic)}?view=sideways")).ProblemAsync(400);
    }

    [Fact]
    public async Task A_topic_of_sixty_posts_pages_by_number_in_the_chronological_view_and_by_position_in_the_threaded_view()
    {
        var sponsor = await app.RegisterConfirmedAsync("Paging Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "Sixty posts long", "Post 1.");
        // Every fifth reply answers post 2, so the threaded order differs from the chronological one.
        for (var number = 2; number <= 60; number++)
        {
            (await sponsor.ReplyAsync(group, topic, $"Post {number}.", replyTo: number % 5 == 0 ? 2 : null))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var anonymous = app.CreateClient();
        var first = await anonymous.TopicPageAsync(group, topic);
        first.GetProperty("page").GetInt32().ShouldBe(1);
        first.GetProperty("pageSize").GetInt32().ShouldBe(20);
        first.GetProperty("pageCount").GetInt32().ShouldBe(3);
        first.PostNumbers().ShouldBe(Enumerable.Range(1, 20));
        first.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(59);

        var third = await anonymous.TopicPageAsync(group, topic, "?page=3");
        third.PostNumbers().ShouldBe(Enumerable.Range(41, 20));
        third.PostNumbered(45).GetProperty("html").GetString()!.Trim().ShouldBe("<p>Post 45.</p>");

        var sized = await anonymous.TopicPageAsync(group, topic, "?page=3&limit=25");
        sized.GetProperty("pageCount").GetInt32().ShouldBe(3);
        sized.GetProperty("pageSize").GetInt32().ShouldBe(25);
        sized.PostNumbers().ShouldBe(Enumerable.Range(51, 10));
        (await anonymous.TopicPageAsync(group, topic, "?page=2&limit=7")).PostNumbers().ShouldBe(Enumerable.Range(8, 7));
        (await anonymous.TopicPageAsync(group, topic, "?limit=7")).GetProperty("pageCount").GetInt32().ShouldBe(9);
        (await anonymous.TopicPageAsync(group, topic, "?page=4")).PostNumbers().ShouldBeEmpty();

        // The threaded view pages by position: each page starts after the last post of the one before.
        var whole = (await anonymous.TopicPageAsync(group, topic, "?view=threaded&limit=100")).PostNumbers();
        whole.Length.ShouldBe(60);
        whole.Order().ShouldBe(Enumerable.Range(1, 60));
        whole.ShouldNotBe(Enumerable.Range(1, 60).ToArray());
        var paged = new List<int>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await anonymous.TopicPageAsync(group, topic, $"?view=threaded&limit=25{(after is null ? "" : $"&cursor={after}")}");
            page.PostsOf().Count.ShouldBeLessThanOrEqualTo(25);
            paged.AddRange(page.PostNumbers());
            after = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (after is not null && pages < 10);

        pages.ShouldBe(3);
        paged.ShouldBe(whole);
        await (await anonymous.GetAsync($"{DiscussionsApi.Topic(group, topic)}?view=threaded&cursor=12x")).ProblemAsync(400);
    }
}
