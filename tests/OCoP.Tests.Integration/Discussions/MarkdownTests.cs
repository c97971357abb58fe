using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Posts are written in Markdown and stored twice: the source, for editing, and safe HTML, for reading.</summary>
public sealed class MarkdownTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_post_is_stored_as_safe_html_beside_its_markdown_source_which_its_author_gets_back_for_editing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Markdown Sponsor");
        var author = await app.RegisterConfirmedAsync("Markdown Author");
        var reader = await app.RegisterConfirmedAsync("Markdown Reader");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        await reader.JoinForumAsync(group);
        const string source = """
            ## A plan

            Start with **one** question and *wait*.

            - ask
            - wait

            See [the guide](https://example.org/guide) and run `make lesson`.
            """;
        var topic = await author.StartTopicNumberAsync(group, "Formatting a lesson plan", source);

        var mine = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(1);
        mine.GetProperty("source").GetString().ShouldBe(source);
        mine.GetProperty("canEdit").GetBoolean().ShouldBeTrue();
        var html = Parse(mine.GetProperty("html").GetString()!);
        html.QuerySelector("h2")!.TextContent.ShouldBe("A plan");
        html.QuerySelector("strong")!.TextContent.ShouldBe("one");
        html.QuerySelector("em")!.TextContent.ShouldBe("wait");
        html.QuerySelectorAll("ul > li").Select(li => li.TextContent).ShouldBe(["ask", "wait"]);
        html.QuerySelector("code")!.TextContent.ShouldBe("make lesson");
        var link = html.QuerySelector("a")!;
        link.GetAttribute("href").ShouldBe("https://example.org/guide");
        link.GetAttribute("rel").ShouldBe("nofollow ugc noopener");
        link.TextContent.ShouldBe("the guide");

        // Everyone reads the same stored HTML; the source is for those who may edit it.
        var forReader = (await reader.Session.TopicPageAsync(group, topic)).PostNumbered(1);
        forReader.GetProperty("html").GetString().ShouldBe(mine.GetProperty("html").GetString());
        forReader.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
        forReader.GetProperty("canEdit").GetBoolean().ShouldBeFalse();
        (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
        (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("source").GetString().ShouldBe(source);
    }

    [Fact]
    public async Task Raw_html_and_scripts_in_a_post_are_shown_as_text_and_never_run()
    {
        var sponsor = await app.RegisterConfirmedAsync("Script Sponsor");
        var group = await sponsor.CreateForumAsync();
        const string source = """
            <script>alert('stolen')</script>

            Hello <b onmouseover="alert(1)">there</b>

            <img src=x onerror=alert(2)>

            <iframe src="https://evil.example/"></iframe>

            <a href="https://evil.example/" onclick="alert(3)">click</a>
            """;
        var topic = await sponsor.StartTopicNumberAsync(group, "Trying to run a script", source);

        var post = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1);
        var html = Parse(post.GetProperty("html").GetString()!);
        AssertSafe(html);
        html.QuerySelectorAll("script, b, img, iframe, a").ShouldBeEmpty();
        // The words are still there, as text a reader sees rather than markup a browser runs.
        html.TextContent.ShouldContain("<script>alert('stolen')</script>");
        html.TextContent.ShouldContain("<img src=x onerror=alert(2)>");
        (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("source").GetString().ShouldBe(source);
    }

    [Fact]
    public async Task Javascript_and_data_links_are_neutralised_while_web_and_mail_links_are_kept()
    {
        var sponsor = await app.RegisterConfirmedAsync("Link Sponsor");
        var group = await sponsor.CreateForumAsync();
        const string source = """
            [click me](javascript:alert(document.cookie))

            [shouting](JaVaScRiPt:alert(1))

            [encoded](&#106;avascript:alert(2))

            <javascript:alert(3)>

            ![picture](javascript:alert(4))

            [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)

            [site](https://example.org/safe) and [mail](mailto:someone@example.org) and [forum](/groups/somewhere)
            """;
        var topic = await sponsor.StartTopicNumberAsync(group, "Links of every kind", source);

        var html = Parse((await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("html").GetString()!);
        AssertSafe(html);
        html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ShouldBe(["https://example.org/safe", "mailto:someone@example.org", "/groups/somewhere"]);
        html.QuerySelectorAll("a").ShouldAllBe(a => a.GetAttribute("rel") == "nofollow ugc noopener");
        html.TextContent.ShouldContain("click me");
    }

    [Fact]
    public async Task An_edit_is_rendered_as_safely_as_the_first_version()
    {
        var sponsor = await app.RegisterConfirmedAsync("Edit Sponsor");
        var author = await app.RegisterConfirmedAsync("Edit Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Edits are rendered too", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "An innocent reply.");
        const string edited = "Now with *emphasis* <script>alert(1)</script> and [a trap](javascript:alert(2)).";

        (await author.EditPostAsync(group, topic, reply, edited, "added emphasis")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var post = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        post.GetProperty("source").GetString().ShouldBe(edited);
        var html = Parse(post.GetProperty("html").GetString()!);
        AssertSafe(html);
        html.QuerySelector("em")!.TextContent.ShouldBe("emphasis");
        html.QuerySelectorAll("script").ShouldBeEmpty();
        html.QuerySelectorAll("a[href]").ShouldBeEmpty();
        var revisions = await author.Session.RevisionsAsync(group, topic, reply);
        revisions.Select(r => r.GetProperty("source").GetString()).ShouldBe(["An innocent reply.", edited]);
        revisions.ShouldAllBe(r => !r.GetProperty("html").GetString()!.Contains("<script", StringComparison.OrdinalIgnoreCase));
    }

    private static IElement Parse(string html)
    {
        var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
        return document.Body!;
    }

    /// <summary>Nothing a browser would run: no script-like element, no event handler, no URL but web, mail or relative ones.</summary>
    private static void AssertSafe(IElement body)
    {
        body.QuerySelectorAll("script, iframe, object, embed, style, svg, math, form").ShouldBeEmpty();
        foreach (var element in body.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.ShouldNotStartWith("on", Case.Insensitive, $"<{element.LocalName} {attribute.Name}>");
                attribute.Value.ShouldNotContain("javascript:", Case.Insensitive);
                if (attribute.Name is "href" or "src")
                {
                    var value = attribute.Value.Trim();
                    (value.StartsWith('/') || value.StartsWith('#') || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                        .ShouldBeTrue($"{attribute.Name}=\"{value}\"");
                }
            }
        }
    }
}
