using System.Net;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Issue 17: a group's chat page reads its history and posts with a plain form, without JavaScript.</summary>
public sealed class ChatPageTests(ChatApp app) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task The_chat_page_shows_history_and_posts_with_a_plain_form()
    {
        var sponsor = await app.RegisterConfirmedAsync("Page Chatter");
        var group = await sponsor.CreateGroupAsync("Page Chat");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        await sponsor.ChatSendAsync(group, "Welcome to **the room**");

        var page = await HtmlAsync(await sponsor.Session.GetAsync($"/groups/{slug}/chat"));
        page.QuerySelector("#m1 .message-body strong")!.TextContent.ShouldBe("the room");
        page.QuerySelector("nav[aria-label=Channels] a[aria-current=page]")!.TextContent.ShouldBe("#general");
        var form = page.QuerySelector("form[data-chat-form]")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var posted = await sponsor.Session.PostAsync($"/groups/{slug}/chat", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["channel"] = group.ToString(), ["body"] = "Posted _without_ script",
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        var after = await HtmlAsync(await sponsor.Session.GetAsync(posted.Headers.Location!.ToString()));
        after.QuerySelector("#m2 em")!.TextContent.ShouldBe("without");

        var refused = await sponsor.Session.PostAsync($"/groups/{slug}/chat", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["channel"] = group.ToString(), ["body"] = new string('x', 5000),
        }));
        (await HtmlAsync(refused)).QuerySelector("[role=alert]")!.TextContent.ShouldContain("at most 4000 characters");
        (await (await sponsor.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(2);

        var outsider = await app.RegisterConfirmedAsync("Page Outsider");
        (await outsider.Session.GetAsync($"/groups/{slug}/chat")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<AngleSharp.Dom.IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }
}
