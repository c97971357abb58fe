using System.Net;
using System.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The forum's server-rendered pages through HTTP, as a browser without JavaScript uses them: GET a page, submit its
/// form with the antiforgery token it carries, follow the redirect, read the HTML.
/// </summary>
public sealed class DiscussionPageTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_visitor_reads_a_public_forum_and_its_topics_but_is_asked_to_sign_in_to_take_part()
    {
        var sponsor = await app.RegisterConfirmedAsync("Page Sponsor");
        var group = await sponsor.CreateForumAsync();
        var slug = await SlugAsync(sponsor, group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Welcome to the forum", "Say **hello** to the group.");
        var visitor = app.CreateSession();

        var home = await PageAsync(visitor, $"/groups/{slug}");
        home.QuerySelectorAll("a").ShouldContain(a => a.TextContent == "Forum" && a.GetAttribute("href") == $"/groups/{slug}/forum");

        var forum = await PageAsync(visitor, $"/groups/{slug}/forum");
        forum.QuerySelector("h1")!.TextContent.ShouldStartWith("Forum of");
        var link = forum.QuerySelectorAll("ol.topics a").Single(a => a.TextContent == "Welcome to the forum");
        link.GetAttribute("href").ShouldBe($"/groups/{slug}/topics/{topic}");
        forum.QuerySelector("[aria-current=page]")!.TextContent.ShouldBe("Latest");
        forum.QuerySelectorAll("a").ShouldNotContain(a => a.TextContent == "New topic");
        forum.QuerySelectorAll("a").ShouldContain(a => a.TextContent == "Sign in to take part");
        forum.QuerySelectorAll(".badge.new").ShouldBeEmpty(); // visitors have nothing read or unread

        var page = await PageAsync(visitor, $"/groups/{slug}/topics/{topic}");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Welcome to the forum");
        page.QuerySelector("#post-1 .post-body")!.InnerHtml.ShouldContain("<strong>hello</strong>");
        page.QuerySelector("#reply")!.TextContent.ShouldContain("Sign in to reply.");
        page.QuerySelector("#body").ShouldBeNull();
        page.QuerySelectorAll("button.reaction").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_members_only_forum_asks_visitors_to_sign_in_and_signed_in_outsiders_to_join_to_read()
    {
        var sponsor = await app.RegisterConfirmedAsync("Closed Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Closed Outsider");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var slug = await SlugAsync(sponsor, group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Members only business");

        foreach (var path in new[] { $"/groups/{slug}/forum", $"/groups/{slug}/topics/{topic}", $"/groups/{slug}/topics/{topic}/posts/1" })
        {
            var visitor = await app.CreateSession().GetAsync(path);
            visitor.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            visitor.Headers.Location!.AbsolutePath.ShouldBe("/account/sign-in");
            HttpUtility.ParseQueryString(visitor.Headers.Location.Query)["ReturnUrl"].ShouldBe(path);

            var outside = await outsider.Session.GetAsync(path);
            // The group is visible to them: its content is not secret, it is for members (issue 19, "join to read").
            outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            var refusal = await new HtmlParser().ParseDocumentAsync(await outside.Content.ReadAsStringAsync());
            refusal.QuerySelector("h1")!.TextContent.ShouldBe("Join to read", path);
            refusal.QuerySelector($"main a[href='/groups/{slug}']")!.TextContent.ShouldBe("See the group and ask to join", path);
        }

        var forum = await PageAsync(sponsor.Session, $"/groups/{slug}/forum");
        forum.QuerySelectorAll("ol.topics a").ShouldContain(a => a.TextContent == "Members only business");

        // A secret group does not exist for outsiders, signed in or not: as in the API.
        var secret = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var secretSlug = await SlugAsync(sponsor, secret);
        (await app.CreateSession().GetAsync($"/groups/{secretSlug}/forum")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.GetAsync($"/groups/{secretSlug}/forum")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sponsor.Session.GetAsync($"/groups/{secretSlug}/forum")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_topic_refused_by_validation_shows_the_errors_beside_the_fields_and_keeps_what_was_typed()
    {
        var sponsor = await app.RegisterConfirmedAsync("Form Sponsor");
        var member = await app.RegisterConfirmedAsync("Form Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = await SlugAsync(sponsor, group);
        var newTopic = $"/groups/{slug}/forum/new";

        var form = await PageAsync(member.Session, newTopic);
        form.QuerySelectorAll("input[name='Input.Kind']").Select(i => i.GetAttribute("value")).ShouldBe(["Discussion", "Question"]); // no announcements
        var refused = await SubmitAsync(member.Session, form, newTopic, "form.stacked",
            ("Input.Kind", "Question"), ("Input.Title", ""), ("Input.Tags", "intake, first session"), ("Input.Body", "How do you open an intake interview?"),
            ("Input.PollQuestion", "Which opening works?"), ("Input.PollOptions", "A question"));

        var page = await HtmlAsync(refused);
        page.QuerySelector("#input-title-error")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        page.QuerySelector("#input-title")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.QuerySelector("#input-title")!.GetAttribute("aria-describedby").ShouldBe("input-title-error");
        page.QuerySelector("#input-polloptions-error")!.TextContent.ShouldContain("2 to 20 options");
        page.QuerySelectorAll(".errors a").Select(a => a.GetAttribute("href")).ShouldContain("#input-title");
        page.QuerySelectorAll(".errors a").Select(a => a.GetAttribute("href")).ShouldContain("#input-polloptions");
        page.QuerySelector("#input-body")!.TextContent.ShouldBe("How do you open an intake interview?");
        page.QuerySelector("#input-tags")!.GetAttribute("value").ShouldBe("intake, first session");
        page.QuerySelector("#input-pollquestion")!.GetAttribute("value").ShouldBe("Which opening works?");
        page.QuerySelector("input[name='Input.Kind'][value=Question]")!.HasAttribute("checked").ShouldBeTrue();
        page.QuerySelector("#input-body-error")!.TextContent.ShouldBeEmpty();

        var started = await SubmitAsync(member.Session, page, newTopic, "form.stacked",
            ("Input.Kind", "Question"), ("Input.Title", "Opening an intake interview"), ("Input.Tags", "intake, first session"),
            ("Input.Body", "How do you open an intake interview?"), ("Input.PollQuestion", "Which opening works?"), ("Input.PollOptions", "A question\nA story"));
        started.StatusCode.ShouldBe(HttpStatusCode.Redirect, await started.Content.ReadAsStringAsync());
        var path = started.Headers.Location!.OriginalString;
        path.ShouldBe($"/groups/{slug}/topics/1");

        var topic = await PageAsync(member.Session, path);
        topic.QuerySelector("h1")!.TextContent.ShouldBe("Opening an intake interview");
        topic.QuerySelector("[role=status]")!.TextContent.ShouldBe("Your question is up.");
        topic.QuerySelectorAll("ul.tags a").Select(a => a.TextContent).ShouldBe(["intake", "first session"]);
        topic.QuerySelector("#poll-heading")!.TextContent.ShouldBe("Poll: Which opening works?");
        topic.QuerySelectorAll("#poll input[name=choices]").Length.ShouldBe(2);
    }

    [Fact]
    public async Task The_permanent_link_of_a_post_leads_to_the_page_holding_it_at_its_anchor()
    {
        var sponsor = await app.RegisterConfirmedAsync("Link Sponsor");
        var group = await sponsor.CreateForumAsync();
        var slug = await SlugAsync(sponsor, group);
        var topic = await sponsor.StartTopicNumberAsync(group, "A long conversation");
        for (var reply = 2; reply <= 25; reply++)
        {
            if (reply % 9 == 0)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(1)); // ten posts a minute is the site's limit
            }

            (await sponsor.ReplyNumberAsync(group, topic, $"Reply number {reply}.")).ShouldBe(reply);
        }

        var visitor = app.CreateSession();
        var late = await visitor.GetAsync($"/groups/{slug}/topics/{topic}/posts/25");
        late.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        late.Headers.Location!.OriginalString.ShouldBe($"/groups/{slug}/topics/{topic}?page=2#post-25");
        var early = await visitor.GetAsync($"/groups/{slug}/topics/{topic}/posts/3");
        early.Headers.Location!.OriginalString.ShouldBe($"/groups/{slug}/topics/{topic}#post-3");
        (await visitor.GetAsync($"/groups/{slug}/topics/{topic}/posts/99")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var second = await PageAsync(visitor, $"/groups/{slug}/topics/{topic}?page=2");
        second.QuerySelectorAll("article.post").Select(a => a.Id).ShouldBe(Enumerable.Range(21, 5).Select(n => $"post-{n}"));
        second.QuerySelector("#post-25 .post-body")!.TextContent.Trim().ShouldBe("Reply number 25.");
        var pager = second.QuerySelector("nav[aria-label='Pages of this topic']")!;
        pager.QuerySelector("[aria-current=page]")!.TextContent.ShouldBe("Page 2");
        pager.QuerySelector("a[rel=prev]")!.GetAttribute("href").ShouldBe($"/groups/{slug}/topics/{topic}");
        // Each post's own number links to its permanent link.
        second.QuerySelector("#post-25 a[aria-label='Permanent link to post 25']")!.GetAttribute("href")
            .ShouldBe($"/groups/{slug}/topics/{topic}/posts/25");
    }

    [Fact]
    public async Task Only_facilitators_reach_the_review_queue_the_moderation_log_and_the_forum_settings()
    {
        var sponsor = await app.RegisterConfirmedAsync("Queue Sponsor");
        var member = await app.RegisterConfirmedAsync("Queue Member");
        var outsider = await app.RegisterConfirmedAsync("Queue Outsider");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = await SlugAsync(sponsor, group);
        var closed = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var closedSlug = await SlugAsync(sponsor, closed);

        foreach (var tool in new[] { "review", "log", "settings" })
        {
            (await member.Session.GetAsync($"/groups/{slug}/forum/{tool}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, tool);
            (await outsider.Session.GetAsync($"/groups/{slug}/forum/{tool}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, tool);
            // The members-only group is visible to the outsider: its forum's tools answer "join to read", like the forum itself.
            (await outsider.Session.GetAsync($"/groups/{closedSlug}/forum/{tool}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, tool);
            var visitor = await app.CreateSession().GetAsync($"/groups/{slug}/forum/{tool}");
            visitor.StatusCode.ShouldBe(HttpStatusCode.Redirect, tool);
            visitor.Headers.Location!.AbsolutePath.ShouldBe("/account/sign-in");
            (await sponsor.Session.GetAsync($"/groups/{slug}/forum/{tool}")).StatusCode.ShouldBe(HttpStatusCode.OK, tool);
        }

        // The member's forum offers no facilitators' tools; the sponsor's does.
        (await PageAsync(member.Session, $"/groups/{slug}/forum")).QuerySelector("nav[aria-label=\"Facilitators' tools\"]").ShouldBeNull();
        var sponsorForum = await PageAsync(sponsor.Session, $"/groups/{slug}/forum");
        sponsorForum.QuerySelectorAll("nav[aria-label=\"Facilitators' tools\"] a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"/groups/{slug}/forum/review", $"/groups/{slug}/forum/log", $"/groups/{slug}/forum/settings", $"/groups/{slug}/prompts"]);
        (await PageAsync(sponsor.Session, $"/groups/{slug}/forum/review")).QuerySelector("main")!.TextContent.ShouldContain("No post is waiting for review.");
    }

    [Fact]
    public async Task Locking_a_topic_from_its_page_hides_the_composer_from_members_and_closing_says_why()
    {
        var sponsor = await app.RegisterConfirmedAsync("Lock Sponsor");
        var member = await app.RegisterConfirmedAsync("Lock Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = await SlugAsync(sponsor, group);
        var topic = await member.StartTopicNumberAsync(group, "Is this still open?");
        var path = $"/groups/{slug}/topics/{topic}";

        var before = await PageAsync(member.Session, path);
        before.QuerySelector("#reply textarea#body").ShouldNotBeNull();
        before.QuerySelector("#moderation-heading").ShouldBeNull();

        var sponsorPage = await PageAsync(sponsor.Session, path);
        var locked = await SubmitAsync(sponsor.Session, sponsorPage, path, "button[name=locked]", ("locked", "true"));
        locked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await locked.Content.ReadAsStringAsync());
        locked.Headers.Location!.OriginalString.ShouldBe(path);

        var after = await PageAsync(member.Session, path);
        after.QuerySelector(".topic-state")!.TextContent.ShouldContain("This topic is locked");
        after.QuerySelector("#reply textarea").ShouldBeNull();
        after.QuerySelector("#reply")!.TextContent.ShouldContain("This topic is locked: no new replies.");
        after.QuerySelectorAll(".post-actions a").ShouldNotContain(a => a.TextContent.StartsWith("Reply"));
        (await PageAsync(sponsor.Session, path)).QuerySelector("#reply textarea#body").ShouldNotBeNull(); // facilitators still may

        var lockedPage = await PageAsync(sponsor.Session, path);
        var closing = await SubmitAsync(sponsor.Session, lockedPage, path, "input[name=closed]", ("reason", "Answered elsewhere."));
        closing.StatusCode.ShouldBe(HttpStatusCode.Redirect, await closing.Content.ReadAsStringAsync());
        var closedPage = await PageAsync(member.Session, path);
        closedPage.QuerySelector(".topic-state")!.TextContent.ShouldContain("This topic is closed: Answered elsewhere.");
        closedPage.QuerySelector("#reply textarea").ShouldBeNull();

        var log = await PageAsync(sponsor.Session, $"/groups/{slug}/forum/log");
        log.QuerySelectorAll("table.moderation-log tbody tr").Select(r => r.Children[2].TextContent).ShouldBe(["closed a topic", "locked a topic"]);
    }

    [Fact]
    public async Task Reading_a_topic_page_marks_it_read_and_new_replies_show_as_unread_in_the_list()
    {
        var sponsor = await app.RegisterConfirmedAsync("Read Sponsor");
        var member = await app.RegisterConfirmedAsync("Read Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = await SlugAsync(sponsor, group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Unread things");

        string? Marker(IDocument forum) => forum.QuerySelector("ol.topics li .badge.new")?.TextContent;
        Marker(await PageAsync(member.Session, $"/groups/{slug}/forum")).ShouldBe("New");
        await PageAsync(member.Session, $"/groups/{slug}/topics/{topic}");
        Marker(await PageAsync(member.Session, $"/groups/{slug}/forum")).ShouldBeNull();

        await sponsor.ReplyNumberAsync(group, topic, "One more thing.");
        await sponsor.ReplyNumberAsync(group, topic, "And another.");
        Marker(await PageAsync(member.Session, $"/groups/{slug}/forum")).ShouldBe("2 unread");
        var page = await PageAsync(member.Session, $"/groups/{slug}/topics/{topic}");
        page.QuerySelectorAll("article.post").Where(a => a.QuerySelector(".badge.new") is not null).Select(a => a.Id).ShouldBe(["post-2", "post-3"]);
        Marker(await PageAsync(member.Session, $"/groups/{slug}/forum")).ShouldBeNull();
    }

    [Fact]
    public async Task A_reply_posted_from_the_topic_page_answers_and_quotes_a_post_and_an_empty_one_is_refused_in_place()
    {
        var sponsor = await app.RegisterConfirmedAsync("Reply Sponsor");
        var member = await app.RegisterConfirmedAsync("Reply Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var slug = await SlugAsync(sponsor, group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Quotes and replies", "Start with what the client wants.");
        var composer = $"/groups/{slug}/topics/{topic}?replyTo=1&quote=1";

        var page = await PageAsync(member.Session, composer);
        page.QuerySelector("#reply blockquote.quote")!.TextContent.ShouldContain("Start with what the client wants.");
        var empty = await SubmitAsync(member.Session, page, composer, "#reply form", ("body", ""));
        var refused = await HtmlAsync(empty);
        refused.QuerySelector("#body-error")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        refused.QuerySelector("#body")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelectorAll(".errors a").Select(a => a.GetAttribute("href")).ShouldContain("#body");

        var posted = await SubmitAsync(member.Session, page, composer, "#reply form", ("body", "Agreed, @reply_sponsor."));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        posted.Headers.Location!.OriginalString.ShouldBe($"/groups/{slug}/topics/{topic}/posts/2");
        var after = await PageAsync(member.Session, $"/groups/{slug}/topics/{topic}");
        var reply = after.QuerySelector("#post-2")!;
        reply.QuerySelector("blockquote.quote")!.TextContent.ShouldContain("Reply Sponsor wrote in #1");
        reply.QuerySelector(".post-body a")!.GetAttribute("href").ShouldBe($"/members/{sponsor.Id}");
    }

    [Fact]
    public async Task A_facilitator_writes_the_summary_on_the_topic_page_and_every_reader_sees_it_at_the_top_of_every_page()
    {
        var sponsor = await app.RegisterConfirmedAsync("Summary Sponsor");
        var facilitator = await app.RegisterConfirmedAsync("Summary Facilitator");
        var member = await app.RegisterConfirmedAsync("Summary Member");
        var group = await sponsor.CreateForumAsync();
        await facilitator.JoinForumAsync(group);
        await member.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(facilitator, group, "Facilitator");
        var slug = await SlugAsync(sponsor, group);
        // 22 posts, two pages of 20; each author stays within ten posts a minute.
        var topic = await sponsor.StartTopicNumberAsync(group, "Planning the spring clinic", "Where and when?");
        foreach (var (author, count) in new[] { (sponsor, 9), (facilitator, 10), (member, 2) })
        {
            for (var i = 0; i < count; i++)
            {
                (await author.ReplyAsync(group, topic, $"{author.DisplayName}, thought {i + 1}.")).StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }

        var path = $"/groups/{slug}/topics/{topic}";
        (await PageAsync(member.Session, path)).QuerySelector("#summarybody").ShouldBeNull(); // members get no form

        // Refused: a post the topic does not have. The form comes back with the error beside the field and what was typed.
        var page = await PageAsync(facilitator.Session, path);
        page.QuerySelector("#summary").ShouldBeNull();
        var refused = await HtmlAsync(await SubmitAsync(facilitator.Session, page, path, "#summarybody",
            ("summaryBody", "Room 12, **Thursdays** from March."), ("summaryPosts", "3, 99")));
        refused.QuerySelector("#summaryposts-error")!.TextContent.ShouldContain("99");
        refused.QuerySelector("#summaryposts")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelector("#summaryposts")!.GetAttribute("value").ShouldBe("3, 99");
        refused.QuerySelector("#summarybody")!.TextContent.ShouldBe("Room 12, **Thursdays** from March.");
        refused.QuerySelectorAll(".errors a").Select(a => a.GetAttribute("href")).ShouldContain("#summaryposts");
        (await PageAsync(facilitator.Session, path)).QuerySelector("#summary").ShouldBeNull();

        var saved = await SubmitAsync(facilitator.Session, refused, path, "#summarybody",
            ("summaryBody", "Room 12, **Thursdays** from March."), ("summaryPosts", "3, #21"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        saved.Headers.Location!.OriginalString.ShouldBe($"{path}#summary");

        // Any reader, signed in or not, on the first page and the second: the summary leads, above the posts.
        foreach (var (reader, at) in new[] { (app.CreateSession(), path), (member.Session, path), (app.CreateSession(), $"{path}?page=2") })
        {
            var shown = await PageAsync(reader, at);
            shown.QuerySelectorAll("#summary, article.post").First().Id.ShouldBe("summary", at);
            var summary = shown.QuerySelector("section#summary")!;
            summary.QuerySelector("h2")!.TextContent.Trim().ShouldBe("Summary by Summary Facilitator");
            summary.QuerySelector(".post-body strong")!.TextContent.ShouldBe("Thursdays");
            summary.QuerySelectorAll(".summary-sources a").Select(a => a.GetAttribute("href")).ShouldBe([$"{path}/posts/3", $"{path}/posts/21"]);
        }

        (await PageAsync(app.CreateSession(), $"{path}?page=2")).QuerySelectorAll("article.post").Select(a => a.Id).ShouldBe(["post-21", "post-22"]);

        // The form holds the current summary, to replace it; the facilitator removes it.
        var again = await PageAsync(facilitator.Session, path);
        again.QuerySelector("#summarybody")!.TextContent.ShouldBe("Room 12, **Thursdays** from March.");
        again.QuerySelector("#summaryposts")!.GetAttribute("value").ShouldBe("3, 21");
        var removed = await SubmitAsync(facilitator.Session, again, path, "form[action*='handler=RemoveSummary'] button");
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await removed.Content.ReadAsStringAsync());
        (await PageAsync(app.CreateSession(), path)).QuerySelector("#summary").ShouldBeNull();
    }

    private static async Task<string> SlugAsync(TestMember member, Guid group) =>
        (await (await member.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;

    private static async Task<IDocument> PageAsync(HttpClient session, string path) => await HtmlAsync(await session.GetAsync(path));

    private static async Task<IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>
    /// Submits the form of <paramref name="page"/> (loaded from <paramref name="pagePath"/>) that holds the element
    /// <paramref name="selector"/> names, as a browser would: to its action, with its hidden fields (the antiforgery
    /// token among them) and the fields given, which win.
    /// </summary>
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
