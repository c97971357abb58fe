using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Authors and moderators edit posts and every earlier version is kept; posts are deleted softly, with a reason.</summary>
public sealed class EditPostTests(SharedOCoPApp app)
{
    [Fact]
    public async Task The_author_edits_a_post_and_every_revision_is_kept_in_order_with_its_writer_and_time()
    {
        var sponsor = await app.RegisterConfirmedAsync("Revising Sponsor");
        var author = await app.RegisterConfirmedAsync("Revising Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Drafts become posts", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "First draft, with a tpyo.");
        var written = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply);

        (await (await author.EditPostAsync(group, topic, reply, "Second draft, no typo.", "typo")).JsonAsync())
            .GetProperty("revision").GetInt32().ShouldBe(2);
        (await (await author.EditPostAsync(group, topic, reply, "Third draft, with **more**.", "more detail")).JsonAsync())
            .GetProperty("revision").GetInt32().ShouldBe(3);

        var post = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        post.GetProperty("revision").GetInt32().ShouldBe(3);
        post.GetProperty("source").GetString().ShouldBe("Third draft, with **more**.");
        post.GetProperty("html").GetString()!.ShouldContain("<strong>more</strong>");
        post.GetProperty("editedAt").GetDateTimeOffset().ShouldBeGreaterThan(written.GetProperty("createdAt").GetDateTimeOffset());

        var revisions = await app.CreateClient().RevisionsAsync(group, topic, reply);
        revisions.Select(r => r.GetProperty("revision").GetInt32()).ShouldBe([1, 2, 3]);
        revisions.Select(r => r.GetProperty("source").GetString()).ShouldBe(["First draft, with a tpyo.", "Second draft, no typo.", "Third draft, with **more**."]);
        revisions.Select(r => r.GetProperty("replacedBecause").GetString()).ShouldBe(["typo", "more detail", null]);
        revisions.Select(r => r.GetProperty("current").GetBoolean()).ShouldBe([false, false, true]);
        revisions.ShouldAllBe(r => r.GetProperty("writtenBy").GetGuid() == author.Id && r.GetProperty("writtenByName").GetString() == "Revising Author");
        revisions[0].GetProperty("writtenAt").GetDateTimeOffset().ShouldBe(written.GetProperty("createdAt").GetDateTimeOffset());
        revisions[2].GetProperty("writtenAt").GetDateTimeOffset().ShouldBe(post.GetProperty("editedAt").GetDateTimeOffset());
        var times = revisions.Select(r => r.GetProperty("writtenAt").GetDateTimeOffset()).ToList();
        times.ShouldBe(times.Order().ToList());
        times.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task A_moderator_edits_a_members_post_and_the_new_revision_names_the_moderator()
    {
        var sponsor = await app.RegisterConfirmedAsync("Moderating Sponsor");
        var author = await app.RegisterConfirmedAsync("Moderated Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Keep it civil", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "Something rude about another school.");

        (await (await sponsor.EditPostAsync(group, topic, reply, "[Removed by a facilitator: keep it civil.]", "code of conduct")).JsonAsync())
            .GetProperty("revision").GetInt32().ShouldBe(2);

        var revisions = await author.Session.RevisionsAsync(group, topic, reply);
        revisions.Select(r => (r.GetProperty("writtenBy").GetGuid(), r.GetProperty("writtenByName").GetString()))
            .ShouldBe([(author.Id, "Moderated Author"), (sponsor.Id, "Moderating Sponsor")]);
        revisions[0].GetProperty("source").GetString().ShouldBe("Something rude about another school.");
        revisions[0].GetProperty("replacedBecause").GetString().ShouldBe("code of conduct");
        var post = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        post.GetProperty("source").GetString().ShouldBe("[Removed by a facilitator: keep it civil.]");
        post.GetProperty("authorId").GetGuid().ShouldBe(author.Id);
        // The author may still edit their post after a moderator did.
        (await author.EditPostAsync(group, topic, reply, "Sorry, rewritten politely.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await author.Session.RevisionsAsync(group, topic, reply)).Select(r => r.GetProperty("writtenBy").GetGuid())
            .ShouldBe([author.Id, sponsor.Id, author.Id]);
    }

    [Fact]
    public async Task Another_member_editing_a_post_gets_403_and_nothing_changes()
    {
        var sponsor = await app.RegisterConfirmedAsync("Owner Sponsor");
        var author = await app.RegisterConfirmedAsync("Owner Author");
        var other = await app.RegisterConfirmedAsync("Owner Other");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        await other.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Whose words are these?", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "My own words.");
        var before = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply).GetRawText();

        var refused = await (await other.EditPostAsync(group, topic, reply, "Words put in your mouth.")).ProblemAsync(403);
        refused.GetProperty("detail").GetString().ShouldBe("Only its author or the group's facilitators change a post.");
        await (await other.EditPostAsync(group, topic, 1, "The sponsor's words, changed.")).ProblemAsync(403);
        await (await other.DeletePostAsync(group, topic, reply, "I do not like it.")).ProblemAsync(403);
        await (await app.CreateSession().PutAsync(DiscussionsApi.Post(group, topic, reply),
            new StringContent("""{"body":"anonymous"}""", System.Text.Encoding.UTF8, "application/json"))).ProblemAsync(401);

        (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply).GetRawText().ShouldBe(before);
        (await author.Session.RevisionsAsync(group, topic, reply)).Count.ShouldBe(1);
        (await author.Session.TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("revision").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_deleted_post_shows_its_reason_without_its_words_and_its_revisions_are_kept_for_moderators()
    {
        var sponsor = await app.RegisterConfirmedAsync("Deleting Sponsor");
        var author = await app.RegisterConfirmedAsync("Deleting Author");
        var reader = await app.RegisterConfirmedAsync("Deleting Reader");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        await reader.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Things we take back", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "A hasty opinion.");
        await author.ReplyNumberAsync(group, topic, "A second thought that stays.");
        (await author.EditPostAsync(group, topic, reply, "A hasty opinion, toned down.", "tone")).EnsureSuccessStatusCode();

        (await (await author.DeletePostAsync(group, topic, reply, "   ")).ProblemAsync(400)).ErrorFields().ShouldBe(["reason"]);
        (await author.DeletePostAsync(group, topic, reply, "I changed my mind.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var client in new[] { reader.Session, author.Session, app.CreateClient() })
        {
            var page = await client.TopicPageAsync(group, topic);
            page.PostNumbers().ShouldBe([1, reply, reply + 1]); // the post keeps its place
            page.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(1);
            var post = page.PostNumbered(reply);
            post.GetProperty("deleted").GetBoolean().ShouldBeTrue();
            post.GetProperty("removedReason").GetString().ShouldBe("I changed my mind.");
            post.GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
            post.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
            post.GetProperty("canEdit").GetBoolean().ShouldBeFalse();
            page.GetRawText().ShouldNotContain("hasty opinion");
        }

        // The history of a deleted post is for moderators only; for them every revision is still there.
        await (await reader.Session.GetAsync($"{DiscussionsApi.Post(group, topic, reply)}/revisions")).ProblemAsync(403);
        await (await author.Session.GetAsync($"{DiscussionsApi.Post(group, topic, reply)}/revisions")).ProblemAsync(403);
        var revisions = await sponsor.Session.RevisionsAsync(group, topic, reply);
        revisions.Select(r => r.GetProperty("source").GetString()).ShouldBe(["A hasty opinion.", "A hasty opinion, toned down."]);
        var forModerator = (await sponsor.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        forModerator.GetProperty("html").GetString()!.ShouldContain("A hasty opinion, toned down.");
        forModerator.GetProperty("deleted").GetBoolean().ShouldBeTrue();

        // A deleted post is not edited or deleted again.
        await (await author.EditPostAsync(group, topic, reply, "Back from the dead.")).ProblemAsync(409);
        await (await sponsor.DeletePostAsync(group, topic, reply, "Twice.")).ProblemAsync(409);
        (await sponsor.Session.RevisionsAsync(group, topic, reply)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_moderator_deletes_a_members_post_with_a_reason_everyone_sees()
    {
        var sponsor = await app.RegisterConfirmedAsync("Removing Sponsor");
        var author = await app.RegisterConfirmedAsync("Removed Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Spam magnets", "Post 1.");
        var reply = await author.ReplyNumberAsync(group, topic, "Buy my course!");

        (await sponsor.DeletePostAsync(group, topic, reply, "Advertising is not allowed.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var post = (await author.Session.TopicPageAsync(group, topic)).PostNumbered(reply);
        post.GetProperty("deleted").GetBoolean().ShouldBeTrue();
        post.GetProperty("removedReason").GetString().ShouldBe("Advertising is not allowed.");
        post.GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
        (await sponsor.ModerationLogAsync(group)).ShouldContain(e => e.GetRawText().Contains("Advertising is not allowed."));
    }

    [Fact]
    public async Task Deleting_the_opening_post_deletes_the_topic()
    {
        var sponsor = await app.RegisterConfirmedAsync("Topic Deleting Sponsor");
        var author = await app.RegisterConfirmedAsync("Topic Deleting Author");
        var group = await sponsor.CreateForumAsync();
        await author.JoinForumAsync(group);
        var kept = await author.StartTopicNumberAsync(group, "A topic that stays", "Post 1.");
        var gone = await author.StartTopicNumberAsync(group, "A topic posted by mistake", "Oops.");

        (await author.DeletePostAsync(group, gone, 1, "Posted by mistake.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await app.CreateClient().GetAsync(DiscussionsApi.Topic(group, gone))).ProblemAsync(404);
        (await app.CreateClient().TopicListAsync(group)).Numbers().ShouldBe([kept]);
    }
}
