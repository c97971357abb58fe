using System.Net;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// Issue 5, item 3: in-app notifications written from Discussions' and Membership's events: one per member per event,
/// never to the actor, never to one who muted the topic or cannot see the group; unread count, mark read, grouping.
/// </summary>
public sealed class NotificationTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_mention_a_reply_and_a_quote_notify_each_member_once_with_the_most_specific_reason_and_never_the_author()
    {
        var sponsor = await app.RegisterConfirmedAsync("Note Sponsor");
        var asker = await app.RegisterConfirmedAsync("Nadia Asker");
        var named = await app.RegisterConfirmedAsync("Omar Named");
        var helper = await app.RegisterConfirmedAsync("Pia Helper");
        var group = await sponsor.CreateForumAsync();
        foreach (var member in new[] { asker, named, helper })
        {
            await member.JoinForumAsync(group);
        }

        var topic = await asker.StartTopicNumberAsync(group, "Exit tickets that work", "What do you ask at the end?");
        // Pia replies to Nadia, quoting her, and names Omar and herself: Nadia is replied to (not also quoted), Omar mentioned.
        var reply = await helper.ReplyNumberAsync(group, topic, "One question only, @omar_named and @pia_helper.", replyTo: 1, quote: new { postNumber = 1 });

        var repliedTo = await asker.WaitForNotificationAsync("repliedTo", "Exit tickets that work");
        repliedTo.GetProperty("path").GetString().ShouldEndWith($"/topics/{topic}/posts/{reply}");
        repliedTo.GetProperty("actorNames").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Pia Helper"]);
        repliedTo.GetProperty("unread").GetBoolean().ShouldBeTrue();
        var mentioned = await named.WaitForNotificationAsync("mentioned", "Exit tickets that work");
        mentioned.GetProperty("path").GetString().ShouldEndWith($"/posts/{reply}");

        // Omar answers Pia, quoting Nadia: Pia is replied to, Nadia quoted.
        var quoting = await named.ReplyNumberAsync(group, topic, "Agreed.", replyTo: reply, quote: new { postNumber = 1 });
        (await asker.WaitForNotificationAsync("quoted", "Exit tickets that work")).GetProperty("path").GetString().ShouldEndWith($"/posts/{quoting}");

        await helper.SettleAsync(sponsor, group);
        (await asker.KindsAboutAsync("Exit tickets that work")).Order().ShouldBe(["quoted", "repliedTo"]);
        (await named.KindsAboutAsync("Exit tickets that work")).ShouldBe(["mentioned"]);
        (await helper.KindsAboutAsync("Exit tickets that work")).ShouldBe(["repliedTo"]); // not mentioned by her own post
    }

    [Fact]
    public async Task A_mention_added_by_an_edit_notifies_the_newly_named_member()
    {
        var sponsor = await app.RegisterConfirmedAsync("Edit Sponsor");
        var late = await app.RegisterConfirmedAsync("Quinn Later");
        var group = await sponsor.CreateForumAsync();
        await late.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Edited to name someone", "Who knows?");

        (await sponsor.EditPostAsync(group, topic, 1, "Who knows? Perhaps @quinn_later.")).EnsureSuccessStatusCode();

        (await late.WaitForNotificationAsync("mentioned", "Edited to name someone")).GetProperty("actorNames")[0].GetString().ShouldBe("Edit Sponsor");
    }

    [Fact]
    public async Task Three_replies_in_a_watched_topic_fold_into_one_unread_notification_until_it_is_read()
    {
        var sponsor = await app.RegisterConfirmedAsync("Fold Sponsor");
        var watcher = await app.RegisterConfirmedAsync("Fold Watcher");
        var writer = await app.RegisterConfirmedAsync("Fold Writer");
        var group = await sponsor.CreateForumAsync();
        await watcher.JoinForumAsync(group);
        await writer.JoinForumAsync(group);
        var (topicId, topic) = await sponsor.StartTopicIdAsync(group, "Folding replies");
        await watcher.FollowWhenKnownAsync("topic", topicId, "watching");
        var before = await watcher.UnreadCountAsync();

        await writer.ReplyNumberAsync(group, topic, "First.");
        await writer.ReplyNumberAsync(group, topic, "Second.");
        var last = await sponsor.ReplyNumberAsync(group, topic, "Third.");

        var folded = await watcher.WaitForNotificationAsync("watchedTopicPost", "Folding replies", n => n.GetProperty("count").GetInt32() == 3);
        folded.GetProperty("path").GetString().ShouldEndWith($"/topics/{topic}/posts/{last}");
        folded.GetProperty("actorNames").EnumerateArray().Select(a => a.GetString()).Order().ShouldBe(["Fold Sponsor", "Fold Writer"]);
        (await watcher.KindsAboutAsync("Folding replies")).ShouldBe(["watchedTopicPost"]);
        (await watcher.UnreadCountAsync()).ShouldBe(before + 1);

        // Read, the next post starts a new notification.
        (await watcher.Session.PostAsync($"{NotificationsApi.Notifications}/{folded.GetProperty("id").GetGuid()}/read", null)).EnsureSuccessStatusCode();
        (await watcher.UnreadCountAsync()).ShouldBe(before);
        await writer.ReplyNumberAsync(group, topic, "Fourth.");
        await watcher.WaitForNotificationAsync("watchedTopicPost", "Folding replies", n => n.GetProperty("unread").GetBoolean() && n.GetProperty("count").GetInt32() == 1);
        (await watcher.KindsAboutAsync("Folding replies")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Watching_a_group_notifies_new_posts_and_muting_the_topic_silences_even_mentions()
    {
        var sponsor = await app.RegisterConfirmedAsync("Mute Sponsor");
        var muter = await app.RegisterConfirmedAsync("Rosa Muter");
        var group = await sponsor.CreateForumAsync();
        await muter.JoinForumAsync(group);
        await muter.FollowWhenKnownAsync("group", group, "watching");

        var (loudId, loud) = await sponsor.StartTopicIdAsync(group, "A loud topic");
        await muter.WaitForNotificationAsync("watchedTopicPost", "A loud topic");
        await muter.FollowWhenKnownAsync("topic", loudId, "muted");
        await muter.Session.PostAsync($"{NotificationsApi.Notifications}/read-all", null);

        await sponsor.ReplyNumberAsync(group, loud, "Still loud, @rosa_muter.", replyTo: 1);
        await sponsor.SettleAsync(muter, group); // the sentinel is the sponsor's; settles the handler queue
        await muter.Session.PostAsync($"{NotificationsApi.Notifications}/read-all", null);
        var other = await sponsor.StartTopicNumberAsync(group, "Settling for Rosa", "Nothing.");
        await muter.WaitForNotificationAsync("watchedTopicPost", "Settling for Rosa");

        (await muter.NotificationsAsync(unread: true)).ShouldNotContain(n => n.GetProperty("title").GetString() == "A loud topic");
        (await muter.KindsAboutAsync("A loud topic")).ShouldBe(["watchedTopicPost"]); // only the one from before the mute
        other.ShouldBeGreaterThan(loud);
    }

    [Fact]
    public async Task An_accepted_answer_notifies_its_author_and_mark_all_read_clears_the_count()
    {
        var sponsor = await app.RegisterConfirmedAsync("Answer Sponsor");
        var answerer = await app.RegisterConfirmedAsync("Answer Giver");
        var group = await sponsor.CreateForumAsync();
        await answerer.JoinForumAsync(group);
        var topic = await (await sponsor.StartTopicAsync(group, "Which timer app?", "For group work.", kind: "Question")).JsonAsync();
        var number = topic.GetProperty("number").GetInt32();
        var answer = await answerer.ReplyNumberAsync(group, number, "A sand timer, honestly.");

        (await sponsor.AcceptAnswerAsync(group, number, answer)).EnsureSuccessStatusCode();

        var accepted = await answerer.WaitForNotificationAsync("answerAccepted", "Which timer app?");
        accepted.GetProperty("path").GetString().ShouldEndWith($"/posts/{answer}");
        (await answerer.UnreadCountAsync()).ShouldBeGreaterThan(0);
        (await answerer.Session.PostAsync($"{NotificationsApi.Notifications}/read-all", null)).EnsureSuccessStatusCode();
        (await answerer.UnreadCountAsync()).ShouldBe(0);
        (await answerer.NotificationsAsync(unread: true)).ShouldBeEmpty();
        (await answerer.NotificationsAsync()).ShouldContain(n => n.GetProperty("kind").GetString() == "answerAccepted" && !n.GetProperty("unread").GetBoolean());
    }

    [Fact]
    public async Task Join_decisions_roles_and_expiring_memberships_notify_the_member_with_a_link_to_the_group()
    {
        var sponsor = await app.RegisterConfirmedAsync("Gate Sponsor");
        var hopeful = await app.RegisterConfirmedAsync("Gate Hopeful");
        var unlucky = await app.RegisterConfirmedAsync("Gate Unlucky");
        var group = await sponsor.CreateGroupAsync("Gated Notes", joinPolicy: "ByRequest");
        (await hopeful.JoinAsync(group)).EnsureSuccessStatusCode();
        (await unlucky.JoinAsync(group)).EnsureSuccessStatusCode();

        (await sponsor.DecideAsync(group, hopeful.Id, approve: true, "Welcome!")).EnsureSuccessStatusCode();
        (await sponsor.DecideAsync(group, unlucky.Id, approve: false, "Try the biology group.")).EnsureSuccessStatusCode();

        var approved = await hopeful.WaitForNotificationAsync("joinRequestDecided", "Gated Notes");
        approved.GetProperty("title").GetString()!.ShouldContain("approved");
        approved.GetProperty("excerpt").GetString().ShouldBe("Welcome!");
        approved.GetProperty("path").GetString().ShouldStartWith("/groups/");
        var declined = await unlucky.WaitForNotificationAsync("joinRequestDecided", "Gated Notes");
        declined.GetProperty("title").GetString()!.ShouldContain("declined");
        declined.GetProperty("excerpt").GetString().ShouldBe("Try the biology group.");

        (await sponsor.SetRolesAsync(group, hopeful.Id, "Contributor", "Facilitator")).EnsureSuccessStatusCode();
        (await hopeful.WaitForNotificationAsync("roleGranted", "Gated Notes")).GetProperty("title").GetString()!.ShouldContain("facilitator");

        var expiresAt = app.Clock.GetUtcNow().AddDays(14);
        await app.PublishAsync(new GroupMembershipExpiring(group, hopeful.Id, expiresAt));
        (await hopeful.WaitForNotificationAsync("membershipExpiring", "Gated Notes")).GetProperty("title").GetString()!
            .ShouldContain(expiresAt.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task Notifications_from_a_members_only_group_vanish_after_leaving_and_cannot_be_opened_by_others()
    {
        var sponsor = await app.RegisterConfirmedAsync("Private Sponsor");
        var leaver = await app.RegisterConfirmedAsync("Sam Leaver");
        var stranger = await app.RegisterConfirmedAsync("Private Stranger");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        await leaver.JoinForumAsync(group);
        var topic = await leaver.StartTopicNumberAsync(group, "Inside the private group", "Hello.");
        await sponsor.ReplyNumberAsync(group, topic, "Hello @sam_leaver.", replyTo: 1);
        var note = await leaver.WaitForNotificationAsync("mentioned", "Inside the private group");
        var id = note.GetProperty("id").GetGuid();
        var unread = await leaver.UnreadCountAsync();

        (await stranger.Session.PostAsync($"{NotificationsApi.Notifications}/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"{NotificationsApi.Notifications}/unread-count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await leaver.LeaveAsync(group)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await leaver.KindsAboutAsync("Inside the private group")).Length == 0,
            "the members-only group's notification hidden once left");
        (await leaver.UnreadCountAsync()).ShouldBe(unread - 1);
        (await leaver.Session.PostAsync($"{NotificationsApi.Notifications}/{id}/open", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Opening_a_notification_marks_it_read_and_redirects_to_its_permanent_link()
    {
        var sponsor = await app.RegisterConfirmedAsync("Open Sponsor");
        var member = await app.RegisterConfirmedAsync("Open Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var topic = await member.StartTopicNumberAsync(group, "Opening a notification", "Hi.");
        var reply = await sponsor.ReplyNumberAsync(group, topic, "Hi back.", replyTo: 1);
        var note = await member.WaitForNotificationAsync("repliedTo", "Opening a notification");

        var response = await member.Session.PostAsync($"{NotificationsApi.Notifications}/{note.GetProperty("id")}/open", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldEndWith($"/topics/{topic}/posts/{reply}");
        (await member.NotificationsAsync()).Single(n => n.GetProperty("id").GetGuid() == note.GetProperty("id").GetGuid())
            .GetProperty("unread").GetBoolean().ShouldBeFalse();
        (await member.UnreadCountAsync()).ShouldBe(0);
    }
}
