using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using OCoP.BuildingBlocks.Markdown;

namespace OCoP.BuildingBlocks.Tests;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Fact]
    public void Ordinary_markdown_renders_headings_emphasis_lists_code_tables_and_task_lists()
    {
        var html = Renderer.ToSafeHtml("""
            # Lesson study

            Some *emphasis*, **strong** and ~~struck~~ text with `inline code`.

            - first
            - second

            1. one
            2. two

            ```csharp
            var x = 1;
            ```

            | Stage | Weeks |
            |-------|-------|
            | Plan  | 2     |

            - [x] read the charter
            - [ ] introduce yourself

            > quoted
            """);

        html.ShouldContain("<h1");
        html.ShouldContain("<em>emphasis</em>");
        html.ShouldContain("<strong>strong</strong>");
        html.ShouldContain("<del>struck</del>");
        html.ShouldContain("<code>inline code</code>");
        html.ShouldContain("<ul>");
        html.ShouldContain("<ol>");
        html.ShouldContain("<pre><code class=\"language-csharp\">");
        html.ShouldContain("<table>");
        html.ShouldContain("<td>Plan</td>");
        html.ShouldContain("type=\"checkbox\"");
        html.ShouldContain("<blockquote>");
    }

    [Fact]
    public void Links_keep_http_https_mailto_and_relative_targets_and_get_a_nofollow_rel()
    {
        var html = Renderer.ToSafeHtml("[a](https://example.org/x) [b](http://example.org) [c](mailto:someone@example.org) [d](/groups/teachers) https://auto.example.org");
        html.ShouldContain("href=\"https://example.org/x\"");
        html.ShouldContain("href=\"http://example.org\"");
        html.ShouldContain("href=\"mailto:someone@example.org\"");
        html.ShouldContain("href=\"/groups/teachers\"");
        html.ShouldContain("href=\"https://auto.example.org\"");
        Regex.Matches(html, "<a ").Count.ShouldBe(5);
        Regex.Matches(html, $"rel=\"{MarkdownRenderer.LinkRel}\"").Count.ShouldBe(5);
    }

    [Fact]
    public void Raw_html_in_the_source_is_shown_as_text_not_markup()
    {
        var html = Renderer.ToSafeHtml("Hello <b>bold</b> <script>alert(1)</script>");
        html.ShouldNotContain("<b>");
        html.ShouldNotContain("<script");
        WebUtility.HtmlDecode(html).ShouldContain("<b>bold</b>"); // visible as text
    }

    [Fact]
    public void Render_keeps_the_source_beside_the_html()
    {
        var rendered = Renderer.Render("*hi*");
        rendered.Source.ShouldBe("*hi*");
        rendered.Html.ShouldContain("<em>hi</em>");
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](vbscript:msgbox(1))")]
    [InlineData("[click me](data:text/html,hi)")]
    public void Links_with_unsafe_schemes_keep_their_text_but_lose_their_target(string markdown)
    {
        var html = Renderer.ToSafeHtml(markdown);
        html.ShouldContain("click me");
        html.ShouldNotContain("href");
    }

    [Fact]
    public void Images_keep_https_and_relative_sources_and_lose_unsafe_ones()
    {
        var html = Renderer.ToSafeHtml("![logo](https://example.org/logo.png \"Logo\") ![local](/media/a.png) ![bad](javascript:alert(1))");
        html.ShouldContain("src=\"https://example.org/logo.png\"");
        html.ShouldContain("alt=\"logo\"");
        html.ShouldContain("title=\"Logo\"");
        html.ShouldContain("src=\"/media/a.png\"");
        html.ShouldNotContain("javascript", Case.Insensitive);
        Regex.Matches(html, "<img ").Count.ShouldBe(3);
    }

    [Fact]
    public void Task_list_checkboxes_are_disabled_and_keep_their_checked_state()
    {
        var document = new HtmlParser().ParseDocument(Renderer.ToSafeHtml("- [x] done\n- [ ] to do"));
        var boxes = document.QuerySelectorAll("input");
        boxes.Length.ShouldBe(2);
        boxes.ShouldAllBe(b => b.GetAttribute("type") == "checkbox" && b.HasAttribute("disabled"));
        boxes[0].HasAttribute("checked").ShouldBeTrue();
        boxes[1].HasAttribute("checked").ShouldBeFalse();
    }

    [Fact]
    public void One_renderer_can_be_shared_across_threads()
    {
        var sources = Enumerable.Range(0, 200)
            .Select(i => $"# Post {i}\n\n[link {i}](https://example.org/{i}) <script>alert({i})</script>\n\n- [x] item {i}")
            .ToArray();
        var expected = sources.Select(Renderer.ToSafeHtml).ToArray();

        var actual = new string[sources.Length];
        Parallel.For(0, sources.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => actual[i] = Renderer.ToSafeHtml(sources[i]));

        actual.ShouldBe(expected);
    }

    public static TheoryData<string> XssCorpus => new(
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<div style=\"background-image:url(javascript:alert(1))\">x</div>",
        "<p style=\"width: expression(alert(1))\">x</p>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "![image](javascript:alert(1))",
        "![image](x \"title\" onerror=\"alert(1))",
        "<javascript:alert(1)>",
        "[a](https://example.org\"onmouseover=\"alert(1))",
        "[a](<javascript:alert(1)>)",
        "<a href=\"https://example.org\" onclick=\"alert(1)\">x</a>",
        "<unclosed <script>alert(1)",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "`<script>alert(1)</script>`",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<input type=\"text\" autofocus onfocus=\"alert(1)\">",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](%6Aavascript:alert(1))",
        "[click](\\javascript:alert(1))",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[click][ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "[click][ref]\n\n[ref]: vbscript:msgbox(1) \"title\"",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[x](https://example.org \"a\\\" onmouseover=\\\"alert(1)\")",
        "<a href=\"javascript:alert(1)\">[nested](https://example.org)</a>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea><script>alert(1)</script></textarea>",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
    ]);

    [Theory]
    [MemberData(nameof(XssCorpus))]
    public void Hostile_input_renders_to_nothing_that_can_run(string payload)
    {
        var html = Renderer.ToSafeHtml(payload);

        // Escaped payloads stay visible as text (&lt;script&gt;), which is harmless; a real tag never appears.
        foreach (var tag in new[] { "<script", "<svg", "<math", "<iframe", "<object", "<embed", "<form", "<style", "<base", "<meta" })
        {
            html.ShouldNotContain(tag, Case.Insensitive, html);
        }

        // Judge what a browser would build from the output, not its text: escaped payloads are harmless text.
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Forbidden.ShouldNotContain(element.LocalName, html);
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.ShouldNotStartWith("on", Case.Insensitive, html);
                attribute.Name.ShouldNotBe("style", html);
                attribute.Name.ShouldNotBe("srcdoc", html);
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "data")
                {
                    var url = Regex.Replace(attribute.Value, @"[\s\u0000-\u001f]", "");
                    foreach (var scheme in new[] { "javascript:", "vbscript:", "data:" })
                    {
                        url.ShouldNotStartWith(scheme, Case.Insensitive, html);
                    }
                }
            }

            if (element.LocalName == "input")
            {
                element.GetAttribute("type").ShouldBe("checkbox");
                element.HasAttribute("disabled").ShouldBeTrue();
            }
        }
    }

    private static readonly string[] Forbidden =
        ["script", "svg", "math", "iframe", "object", "embed", "form", "style", "base", "meta", "link", "body", "details", "video", "source", "button", "textarea"];

}
