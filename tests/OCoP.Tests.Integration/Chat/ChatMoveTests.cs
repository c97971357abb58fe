using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Chat;

/// <summary>
/// Issue 17: a facilitator moves a chat conversation into a forum topic; Engagement asks Discussions by message
/// (docs/adr/0071) and the channel links to the topic once it is there.
/// </summary>
public sealed class ChatMoveTests(ChatApp app) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task A_facilitator_moves_three_messages_into_a_forum_topic_once_and_the_chat_links_to_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Move Facilitator");
        var group = await sponsor.CreateForumAsync();
        var member = await app.RegisterConfirmedAsync("Move *Member*");
        await member.JoinForumAsync(group);
        await sponsor.ChatSendAsync(group, "Good morning, all");
        await member.ChatSendAsync(group, "How do you plan a **lesson study** cycle?");
        await sponsor.ChatSendAsync(group, "We start from a research question.\n# not a heading in the topic");
        await member.ChatSendAsync(group, "Then we observe one lesson together.");

        var moved = await MoveAsync(sponsor, group, 2, 4, "Planning a lesson study cycle");
        moved.StatusCode.ShouldBe(HttpStatusCode.Accepted, await moved.Content.ReadAsStringAsync());
        var location = moved.Headers.Location!.OriginalString;
        location.ShouldStartWith($"{ChatApi.Channels(group)}/{group}/moves/");
        (await moved.JsonAsync()).GetProperty("state").GetString().ShouldBe("Pending");

        // The same request again is the same move.
        var again = await MoveAsync(sponsor, group, 2, 4, "Planning a lesson study cycle");
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        again.Headers.Location!.OriginalString.ShouldBe(location);

        var url = await Eventually.FoundAsync(async () =>
        {
            var move = await (await sponsor.Session.GetAsync(location)).JsonAsync();
            return move.GetProperty("topic") is { ValueKind: JsonValueKind.Object } topic ? topic.GetProperty("url").GetString() : null;
        }, "the move to show the topic's link");
        var number = int.Parse(url[(url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        // The topic is the facilitator's, in the group's forum, quoting the three messages (names escaped, the heading kept in the quote).
        var page = await app.CreateClient().TopicPageAsync(group, number);
        page.GetProperty("topic").GetProperty("title").GetString().ShouldBe("Planning a lesson study cycle");
        page.GetProperty("topic").GetProperty("authorId").GetGuid().ShouldBe(sponsor.Id);
        var opening = page.GetProperty("posts")[0].GetProperty("html").GetString()!;
        opening.ShouldContain("<strong>lesson study</strong>");
        opening.ShouldContain("We start from a research question.");
        opening.ShouldContain("Then we observe one lesson together.");
        opening.ShouldContain("Move *Member*");
        opening.ShouldNotContain("Good morning");
        opening.ShouldContain("<blockquote>");

        // Delivered again (a redelivery after a crash): no second topic, no second note.
        var moveId = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(
                new StartChatTopic(moveId, group, sponsor.Id, "Planning a lesson study cycle", "Delivered twice."), TestContext.Current.CancellationToken);
        }

        (await MoveAsync(sponsor, group, 2, 4, "Planning a lesson study cycle")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var topics = (await app.CreateClient().TopicListAsync(group, "?limit=100")).GetProperty("items").EnumerateArray().ToList();
        topics.Count(t => t.GetProperty("title").GetString() == "Planning a lesson study cycle").ShouldBe(1);

        // The chat: a note linking to the topic, and the moved messages marked with the link.
        var history = await Eventually.FoundAsync(async () =>
        {
            var items = (await (await member.Session.ChatHistoryAsync(group)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            return items.Any(m => m.GetProperty("note").GetBoolean()) ? items : null;
        }, "the chat to show the move's note");
        var note = history.Single(m => m.GetProperty("note").GetBoolean());
        note.GetProperty("number").GetInt32().ShouldBe(5);
        note.GetProperty("html").GetString()!.ShouldContain($"href=\"{url}\"");
        foreach (var n in new[] { 2, 3, 4 })
        {
            history.Single(m => m.GetProperty("number").GetInt32() == n).GetProperty("movedTo").GetProperty("url").GetString().ShouldBe(url);
        }

        history.Single(m => m.GetProperty("number").GetInt32() == 1).GetProperty("movedTo").ValueKind.ShouldBe(JsonValueKind.Null);
        (await (await sponsor.Session.GetAsync(location)).JsonAsync()).GetProperty("noteNumber").GetInt32().ShouldBe(5);

        // The page shows the link too.
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var html = await new HtmlParser().ParseDocumentAsync(await member.Session.GetStringAsync($"/groups/{slug}/chat"));
        html.QuerySelector("#m5 .message-body a")!.GetAttribute("href").ShouldBe(url);
        html.QuerySelector("#m3 .chat-moved a")!.GetAttribute("href").ShouldBe(url);
        html.QuerySelector("form#move").ShouldBeNull(); // members do not get the control
        var facilitatorPage = await new HtmlParser().ParseDocumentAsync(await sponsor.Session.GetStringAsync($"/groups/{slug}/chat"));
        facilitatorPage.QuerySelector("form#move").ShouldNotBeNull();

        // Messages already moved are not moved a second time in another run.
        await (await MoveAsync(sponsor, group, 1, 3, "Overlapping the first move")).ProblemAsync(409);
    }

    [Fact]
    public async Task Members_who_do_not_moderate_are_refused_outsiders_of_a_secret_group_find_nothing_and_bad_input_names_its_fields()
    {
        var sponsor = await app.RegisterConfirmedAsync("Move Sponsor Refusals");
        var group = await sponsor.CreateForumAsync();
        var member = await app.RegisterConfirmedAsync("Move Plain Member");
        await member.JoinForumAsync(group);
        await sponsor.ChatSendAsync(group, "One");
        await member.ChatSendAsync(group, "Two");
        await sponsor.ChatSendAsync(group, "Three");

        await (await MoveAsync(member, group, 1, 3, "Not mine to move")).ProblemAsync(403);

        var secret = await sponsor.CreateGroupAsync("Secret move circle", visibility: "Secret");
        await sponsor.ChatSendAsync(secret, "Hidden words");
        var outsider = await app.RegisterConfirmedAsync("Move Outsider");
        await (await MoveAsync(outsider, secret, 1, 1, "Not found for me")).ProblemAsync(404);

        (await (await MoveAsync(sponsor, group, 1, 3, " ")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await MoveAsync(sponsor, group, 1, 99, "Unknown last message")).ProblemAsync(400)).ErrorFields().ShouldBe(["toNumber"]);
        (await (await MoveAsync(sponsor, group, 0, 2, "Unknown first message")).ProblemAsync(400)).ErrorFields().ShouldBe(["fromNumber"]);
        (await (await MoveAsync(sponsor, group, 3, 1, "Backwards run of messages")).ProblemAsync(400)).ErrorFields().ShouldBe(["toNumber"]);
        var tooMany = await (await MoveAsync(sponsor, group, 1, 201, "Far too many messages")).ProblemAsync(400);
        tooMany.ErrorFields().ShouldBe(["toNumber"]);
        tooMany.GetProperty("errors").GetProperty("toNumber")[0].GetString()!.ShouldContain("At most 200");
        (await (await MoveAsync(sponsor, group, 5, 3, "")).ProblemAsync(400)).ErrorFields().Order().ShouldBe(["fromNumber", "title", "toNumber"]);

        // Nothing was asked of the forum.
        (await app.CreateClient().TopicListAsync(group, "?limit=100")).GetProperty("items").EnumerateArray()
            .ShouldNotContain(t => t.GetProperty("title").GetString() == "Not mine to move");
    }

    private static Task<HttpResponseMessage> MoveAsync(TestMember member, Guid group, int fromNumber, int toNumber, string title) =>
        member.Session.PostAsJsonAsync($"{ChatApi.Channels(group)}/{group}/moves", new { fromNumber, toNumber, title });
}
