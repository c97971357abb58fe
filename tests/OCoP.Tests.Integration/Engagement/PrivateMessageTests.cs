using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Marten;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Engagement.Messages;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>Issue 5, item 5: private conversations, read state, unread counters, leaving, blocking and reporting.</summary>
public sealed class PrivateMessageTests(PrivateMessagesApp app) : IClassFixture<PrivateMessagesApp>
{
    [Fact]
    public async Task A_conversation_keeps_read_state_and_unread_counts_per_participant()
    {
        var ana = await app.RegisterConfirmedAsync("PM Ana");
        var ben = await app.RegisterConfirmedAsync("PM Ben");
        var cy = await app.RegisterConfirmedAsync("PM Cy");
        await app.WaitKnownAsync(ana, ben, cy);

        var id = await ana.StartAsync("Lesson study", "Shall we **meet**?", ben, cy);
        (await ben.ReplyAsync(id, "Yes, Tuesday.")).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await ana.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(1);
        (await ben.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(0, "writing marks the conversation read for the writer");
        (await cy.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(2);

        var read = await (await cy.ReadAsync(id)).JsonAsync();
        var messages = read.GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[0].GetProperty("html").GetString()!.ShouldContain("<strong>meet</strong>");
        messages[1].GetProperty("authorName").GetString().ShouldBe("PM Ben");
        (await cy.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(0);
        (await ana.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(1, "reading is per participant");

        var participants = (await (await ana.ReadAsync(id)).JsonAsync()).GetProperty("participants").EnumerateArray()
            .ToDictionary(p => p.GetProperty("memberId").GetGuid(), p => p.GetProperty("lastRead").GetInt32());
        participants[cy.Id].ShouldBe(2);
        participants[ben.Id].ShouldBe(2);
        participants[ana.Id].ShouldBe(2);

        // Newest activity first.
        var other = await ben.StartAsync("Another one", "Hello", ana);
        var list = await ana.ConversationListAsync();
        list[0].GetProperty("id").GetGuid().ShouldBe(other);
        list[1].GetProperty("id").GetGuid().ShouldBe(id);
    }

    [Fact]
    public async Task Each_message_notifies_the_other_active_participants_with_a_link_to_it()
    {
        var ana = await app.RegisterConfirmedAsync("PM Notifier");
        var ben = await app.RegisterConfirmedAsync("PM Notified");
        await app.WaitKnownAsync(ana, ben);
        var id = await ana.StartAsync("Your notes", "Thanks for the notes", ben);

        var notifications = await app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            var key = $"conversation:{id:N}";
            return await session.Query<Notification>().Where(n => n.GroupingKey == key).ToListAsync();
        });
        var notification = notifications.ShouldHaveSingleItem();
        notification.MemberId.ShouldBe(ben.Id);
        notification.Kind.ShouldBe(NotificationKind.PrivateMessage);
        notification.GroupId.ShouldBeNull();
        notification.Path.ShouldBe($"/messages/{id:N}#m1");
        notification.ActorNames.ShouldBe(["PM Notifier"]);
    }

    [Fact]
    public async Task A_member_who_left_sees_nothing_new_and_cannot_post_while_the_others_continue()
    {
        var ana = await app.RegisterConfirmedAsync("PM Stayer");
        var ben = await app.RegisterConfirmedAsync("PM Leaver");
        var cy = await app.RegisterConfirmedAsync("PM Third");
        await app.WaitKnownAsync(ana, ben, cy);
        var id = await ana.StartAsync("Planning", "First", ben, cy);

        (await ben.Session.PostAsync($"{PrivateMessagesApi.Conversations}/{id}/leave", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ana.ReplyAsync(id, "Second")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await cy.ReplyAsync(id, "Third")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var seen = await (await ben.ReadAsync(id)).JsonAsync();
        seen.GetProperty("messages").GetArrayLength().ShouldBe(1);
        seen.GetProperty("active").GetBoolean().ShouldBeFalse();
        (await ben.SummaryAsync(id)).GetProperty("unread").GetInt32().ShouldBe(0);
        await (await ben.ReplyAsync(id, "Back")).ProblemAsync(403);
        (await (await cy.ReadAsync(id)).JsonAsync()).GetProperty("messages").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task A_blocked_member_cannot_start_or_reply_and_unblocking_lifts_it()
    {
        var blocker = await app.RegisterConfirmedAsync("PM Blocker");
        var pest = await app.RegisterConfirmedAsync("PM Pest");
        await app.WaitKnownAsync(blocker, pest);
        var id = await pest.StartAsync("Before", "Hi", blocker);

        (await blocker.BlockAsync(pest.Id)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var blocks = (await (await blocker.Session.GetAsync(PrivateMessagesApi.Blocks)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        blocks.ShouldHaveSingleItem().GetProperty("memberId").GetGuid().ShouldBe(pest.Id);

        await (await pest.StartConversationAsync([blocker.Id], "Again", "Hi")).ProblemAsync(403);
        await (await pest.ReplyAsync(id, "Hello?")).ProblemAsync(403);
        (await (await blocker.ReadAsync(id)).JsonAsync()).GetProperty("lastNumber").GetInt32().ShouldBe(1, "nothing was added");
        (await pest.ConversationListAsync()).Count.ShouldBe(1, "no conversation was started");

        (await blocker.UnblockAsync(pest.Id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await pest.ReplyAsync(id, "Sorry")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await blocker.UnblockAsync(pest.Id)).ProblemAsync(404);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_nothing_changed()
    {
        var ana = await app.RegisterConfirmedAsync("PM Careful");
        var ben = await app.RegisterConfirmedAsync("PM Other");
        var stranger = await app.RegisterConfirmedAsync("PM Stranger");
        await app.WaitKnownAsync(ana, ben, stranger);
        var id = await ana.StartAsync("Ours", "Just us", ben);

        await (await stranger.ReadAsync(id)).ProblemAsync(404);
        await (await stranger.ReplyAsync(id, "Me too")).ProblemAsync(404);
        await (await stranger.ReadAsync(Guid.NewGuid())).ProblemAsync(404);
        (await (await ana.StartConversationAsync([ben.Id], "Empty", "  ")).ProblemAsync(400)).ErrorFields().ShouldContain("body");
        await (await ana.ReplyAsync(id, "")).ProblemAsync(400);
        (await (await ana.StartConversationAsync([Guid.NewGuid()], "Nobody", "Hello")).ProblemAsync(400)).ErrorFields().ShouldBe(["to"]);
        (await (await ana.StartConversationAsync([ana.Id], "Me", "Hello")).ProblemAsync(400)).ErrorFields().ShouldBe(["to"]);
        var crowd = Enumerable.Range(0, 10).Select(_ => ben.Id).Append(ben.Id).ToList();
        crowd.AddRange(Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()));
        (await (await ana.StartConversationAsync(crowd, "Crowd", "Hello")).ProblemAsync(400)).ErrorFields().ShouldBe(["to"]);

        (await ana.ConversationListAsync()).Count.ShouldBe(1);
        (await (await ana.ReadAsync(id)).JsonAsync()).GetProperty("lastNumber").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_reported_message_reaches_administrators_and_nobody_else()
    {
        var admin = await app.AdministratorAsync();
        var ana = await app.RegisterConfirmedAsync("PM Reporter");
        var ben = await app.RegisterConfirmedAsync("PM Rude");
        await app.WaitKnownAsync(ana, ben);
        var id = await ana.StartAsync("Question", "Can you help?", ben);
        (await ben.ReplyAsync(id, "Go away, idiot")).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await ana.ReportAsync(id, 2, "")).ProblemAsync(400);
        await (await ana.ReportAsync(id, 1, "Mine")).ProblemAsync(400);
        await (await ana.ReportAsync(id, 9, "Missing")).ProblemAsync(404);
        (await ana.ReportAsync(id, 2, "Insulting")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await (await ana.Session.GetAsync(PrivateMessagesApi.Reports)).ProblemAsync(403);
        var reports = (await (await admin.Session.GetAsync($"{PrivateMessagesApi.Reports}?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("conversationId").GetGuid() == id).ToList();
        var report = reports.ShouldHaveSingleItem();
        report.GetProperty("reason").GetString().ShouldBe("Insulting");
        report.GetProperty("authorId").GetGuid().ShouldBe(ben.Id);
        report.GetProperty("messageSource").GetString().ShouldBe("Go away, idiot");
        await (await admin.ReadAsync(id)).ProblemAsync(404); // the report, not the whole conversation

        var reported = await PrivateMessageEventsProbe.WaitForAsync(id);
        reported.AuthorId.ShouldBe(ben.Id);
        reported.ReportedBy.ShouldBe(ana.Id);
        reported.Reason.ShouldBe("Insulting");
    }
    [Fact]
    public async Task The_pages_list_conversations_and_start_one_through_the_form()
    {
        var ana = await app.RegisterConfirmedAsync("PM Page Writer");
        var ben = await app.RegisterConfirmedAsync("PM Page Reader");
        await app.WaitKnownAsync(ana, ben);

        // Ben's profile offers the way in; Ana's own profile does not offer to message herself.
        var profile = await HtmlAsync(await ana.Session.GetAsync($"/members/{ben.Id}"));
        profile.QuerySelector("a[href^='/messages/new']")!.GetAttribute("href").ShouldBe($"/messages/new?to={ben.Id}");
        var own = await HtmlAsync(await ana.Session.GetAsync($"/members/{ana.Id}"));
        own.QuerySelector("a[href^='/messages/new']").ShouldBeNull();
        own.QuerySelector($"a[href='/members/{ana.Id}/activity']").ShouldNotBeNull();

        var form = await HtmlAsync(await ana.Session.GetAsync($"/messages/new?to={ben.Id}"));
        var post = form.QuerySelector("#body")!.Closest("form") as IHtmlFormElement;
        var token = post!.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var sent = await ana.Session.PostAsync($"/messages/new?to={ben.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["to"] = ben.Id.ToString(), ["subject"] = "Through the page", ["body"] = "Hello *Ben*",
        }));
        ((int)sent.StatusCode).ShouldBeInRange(300, 399, await sent.Content.ReadAsStringAsync());

        var summary = (await ben.ConversationListAsync()).ShouldHaveSingleItem();
        summary.GetProperty("subject").GetString().ShouldBe("Through the page");
        var list = await HtmlAsync(await ben.Session.GetAsync("/messages"));
        list.QuerySelector("ul.conversations a")!.TextContent.ShouldBe("Through the page");
        var page = await HtmlAsync(await ben.Session.GetAsync(summary.GetProperty("path").GetString()!));
        page.QuerySelector("#m1 em")!.TextContent.ShouldBe("Ben");

        var empty = await ana.Session.PostAsync("/messages/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["to"] = ben.Id.ToString(), ["subject"] = "Nothing", ["body"] = "",
        }));
        (await HtmlAsync(empty)).QuerySelector("[role=alert]")!.TextContent.ShouldContain("Write a message.");
    }

    private static async Task<AngleSharp.Dom.IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }
}
