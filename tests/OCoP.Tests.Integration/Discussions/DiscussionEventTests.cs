using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>The forum's integration events reach a subscriber in another assembly, each with its group and what it is about.</summary>
public sealed class DiscussionEventTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Starting_a_topic_publishes_TopicCreated_and_the_opening_PostCreated()
    {
        var (_, member, group) = await ForumWithMemberAsync("Started");
        var slug = await SlugAsync(group);
        var started = await (await member.StartTopicAsync(group, "Which lab coats?", "Cotton or polyester?", kind: "Question",
            tags: ["Safety", "labs"])).JsonAsync();
        var topicId = started.GetProperty("topicId").GetGuid();

        var created = await DiscussionEventsProbe.WaitForAsync<TopicCreated>(group, e => e.TopicId == topicId);
        created.TopicNumber.ShouldBe(1);
        created.Kind.ShouldBe(TopicKind.Question);
        created.Title.ShouldBe("Which lab coats?");
        created.AuthorId.ShouldBe(member.Id);
        created.Tags.ShouldBe(["safety", "labs"]);
        created.Path.ShouldBe($"/groups/{slug}/topics/1");

        var opening = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.TopicId == topicId);
        opening.PostNumber.ShouldBe(1);
        opening.AuthorId.ShouldBe(member.Id);
        opening.TopicTitle.ShouldBe("Which lab coats?");
        opening.ReplyToPostNumber.ShouldBeNull();
        opening.ReplyToAuthorId.ShouldBeNull();
        opening.Mentions.ShouldBeEmpty();
        opening.Path.ShouldBe($"/groups/{slug}/topics/1/posts/1");
    }

    [Fact]
    public async Task A_reply_publishes_PostCreated_with_its_group_author_mentions_and_the_author_replied_to()
    {
        var (sponsor, asker, group) = await ForumWithMemberAsync("Reply");
        var replier = await app.RegisterConfirmedAsync("Reply Replier");
        var named = await app.RegisterConfirmedAsync("Reply Named Person");
        await app.RegisterConfirmedAsync("Reply Outsider");
        await replier.JoinForumAsync(group);
        await named.JoinForumAsync(group);
        var topic = await asker.StartTopicNumberAsync(group, "Mentions and replies", "Opening.");
        var answer = await named.ReplyNumberAsync(group, topic, "An answer to reply to.");

        var reply = await (await replier.ReplyAsync(group, topic, "Agreed, @reply_named_person. Asking @facilitators and @reply_outsider too.",
            replyTo: answer)).JsonAsync();
        var created = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == reply.GetProperty("postId").GetGuid());
        created.GroupId.ShouldBe(group);
        created.PostNumber.ShouldBe(3);
        created.AuthorId.ShouldBe(replier.Id);
        created.ReplyToPostNumber.ShouldBe(answer);
        created.ReplyToAuthorId.ShouldBe(named.Id);
        created.Mentions.ShouldBe([named.Id, sponsor.Id], ignoreOrder: true); // the outsider is not in the group
        created.Path.ShouldEndWith($"/topics/{topic}/posts/3");

        // A reply to no post in particular answers the opening post, so its author.
        var plain = await (await replier.ReplyAsync(group, topic, "Another thought.")).JsonAsync();
        var plainCreated = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == plain.GetProperty("postId").GetGuid());
        plainCreated.ReplyToPostNumber.ShouldBe(1);
        plainCreated.ReplyToAuthorId.ShouldBe(asker.Id);
        plainCreated.Mentions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editing_a_post_publishes_PostEdited_with_only_the_newly_mentioned()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Edit");
        var topic = await member.StartTopicNumberAsync(group, "Edited topic", "Thanks @facilitators.");
        var postId = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("posts")[0].GetProperty("id").GetGuid();

        (await member.Session.PutAsJsonAsync(DiscussionsApi.Post(group, topic, 1), new { body = "Thanks @facilitators, and @edit_sponsor.", reason = "Typo" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var edited = await DiscussionEventsProbe.WaitForAsync<PostEdited>(group, e => e.PostId == postId);
        edited.PostNumber.ShouldBe(1);
        edited.EditorId.ShouldBe(member.Id);
        edited.Revision.ShouldBe(2);
        edited.NewMentions.ShouldBeEmpty(); // the sponsor was already named through @facilitators
        edited.Path.ShouldEndWith($"/topics/{topic}/posts/1");

        var other = await app.RegisterConfirmedAsync("Edit Newly Named");
        await other.JoinForumAsync(group);
        await other.ReplyNumberAsync(group, topic, "Hello.");
        (await sponsor.Session.PutAsJsonAsync(DiscussionsApi.Post(group, topic, 1), new { body = "Thanks @facilitators and @edit_newly_named.", reason = "Name" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await DiscussionEventsProbe.WaitForAsync<PostEdited>(group, e => e.PostId == postId && e.Revision == 3);
        second.EditorId.ShouldBe(sponsor.Id);
        second.NewMentions.ShouldBe([other.Id]);
    }

    [Fact]
    public async Task Hiding_and_deleting_publish_PostHidden_and_PostDeleted()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Remove");
        var flagger = await app.RegisterConfirmedAsync("Remove Flagger");
        await flagger.JoinForumAsync(group);
        (await sponsor.ChangeForumSettingsAsync(group, flagThreshold: 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var topic = await member.StartTopicNumberAsync(group, "Removals", "Opening.");
        var flagged = await member.ReplyNumberAsync(group, topic, "Flag me.");
        var deleted = await member.ReplyNumberAsync(group, topic, "Delete me.");
        var hiddenByHand = await member.ReplyNumberAsync(group, topic, "Hide me.");
        var posts = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("posts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("number").GetInt32(), p => p.GetProperty("id").GetGuid());

        // Enough flags (the group's threshold is 1): hidden by the platform.
        (await flagger.FlagAsync(group, topic, flagged, "Spam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var auto = await DiscussionEventsProbe.WaitForAsync<PostHidden>(group, e => e.PostId == posts[flagged]);
        auto.HiddenBy.ShouldBeNull();
        auto.AuthorId.ShouldBe(member.Id);
        auto.PostNumber.ShouldBe(flagged);
        auto.Reason.ShouldContain("until a facilitator reviews it");

        (await sponsor.Session.PostAsJsonAsync(DiscussionsApi.Post(group, topic, deleted) + "/delete", new { reason = "Duplicate." }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var gone = await DiscussionEventsProbe.WaitForAsync<PostDeleted>(group, e => e.PostId == posts[deleted]);
        gone.DeletedBy.ShouldBe(sponsor.Id);
        gone.AuthorId.ShouldBe(member.Id);
        gone.Reason.ShouldBe("Duplicate.");
        gone.PostNumber.ShouldBe(deleted);

        // Under the threshold, a facilitator's review hides it: hidden by that facilitator.
        (await sponsor.ChangeForumSettingsAsync(group, flagThreshold: 5)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await flagger.FlagAsync(group, topic, hiddenByHand, "OffTopic")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sponsor.ReviewAsync(group, posts[hiddenByHand], "Hide", message: "Not here.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var byHand = await DiscussionEventsProbe.WaitForAsync<PostHidden>(group, e => e.PostId == posts[hiddenByHand]);
        byHand.HiddenBy.ShouldBe(sponsor.Id);
        byHand.Reason.ShouldBe("Not here.");
        byHand.TopicId.ShouldBe(auto.TopicId);
    }

    [Fact]
    public async Task Accepting_an_answer_publishes_AnswerAccepted()
    {
        var (sponsor, asker, group) = await ForumWithMemberAsync("Answer");
        var topic = await asker.StartTopicNumberAsync(group, "Which timer app?", "For group work.", kind: "Question");
        var answer = await sponsor.ReplyNumberAsync(group, topic, "The classroom screen one.");
        var page = await app.CreateClient().TopicPageAsync(group, topic);
        var answerId = page.GetProperty("posts")[1].GetProperty("id").GetGuid();

        (await asker.AcceptAnswerAsync(group, topic, answer)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var accepted = await DiscussionEventsProbe.WaitForAsync<AnswerAccepted>(group, e => e.PostId == answerId);
        accepted.TopicId.ShouldBe(page.GetProperty("topic").GetProperty("id").GetGuid());
        accepted.QuestionAuthorId.ShouldBe(asker.Id);
        accepted.AnswerAuthorId.ShouldBe(sponsor.Id);
        accepted.AcceptedBy.ShouldBe(asker.Id);
        accepted.PostNumber.ShouldBe(answer);
        accepted.Path.ShouldEndWith($"/topics/{topic}/posts/{answer}");
    }

    [Fact]
    public async Task Closing_a_poll_publishes_PollClosed()
    {
        var (sponsor, _, group) = await ForumWithMemberAsync("Poll");
        var topic = await sponsor.StartTopicNumberAsync(group, "Poll to close", "Vote.",
            poll: new { question = "Yes or no?", options = new[] { "Yes", "No" }, multipleChoice = false, anonymous = false });
        var page = await app.CreateClient().TopicPageAsync(group, topic);
        var pollId = page.GetProperty("topic").GetProperty("poll").GetProperty("id").GetGuid();

        (await sponsor.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var closed = await DiscussionEventsProbe.WaitForAsync<PollClosed>(group, e => e.PollId == pollId);
        closed.TopicId.ShouldBe(page.GetProperty("topic").GetProperty("id").GetGuid());
        closed.Path.ShouldBe($"/groups/{await SlugAsync(group)}/topics/{topic}");
    }

    [Fact]
    public async Task Flagging_publishes_ContentFlagged_with_the_reason_and_clause()
    {
        var (sponsor, member, group) = await ForumWithMemberAsync("Flagged");
        var flagger = await app.RegisterConfirmedAsync("Flagged Flagger");
        await flagger.JoinForumAsync(group);
        await sponsor.PublishCodeOfConductAsync(group, "Be kind.", "Cite your sources.");
        var topic = await member.StartTopicNumberAsync(group, "Unsourced claims", "Trust me.");
        var postId = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("posts")[0].GetProperty("id").GetGuid();

        (await flagger.FlagAsync(group, topic, 1, "CodeOfConduct", clause: 2)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sponsor.FlagAsync(group, topic, 1, "Other", text: "No source at all.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var byClause = await DiscussionEventsProbe.WaitForAsync<ContentFlagged>(group, e => e.PostId == postId && e.FlaggedBy == flagger.Id);
        byClause.Reason.ShouldBe(FlagReason.CodeOfConduct);
        byClause.Clause.ShouldBe(2);
        byClause.PostNumber.ShouldBe(1);
        var other = await DiscussionEventsProbe.WaitForAsync<ContentFlagged>(group, e => e.PostId == postId && e.FlaggedBy == sponsor.Id);
        other.Reason.ShouldBe(FlagReason.Other);
        other.Clause.ShouldBeNull();
    }

    [Fact]
    public async Task Refused_writes_publish_nothing()
    {
        var (_, member, group) = await ForumWithMemberAsync("Refused");
        var topic = await member.StartTopicNumberAsync(group, "Nothing more", "Opening.");
        await (await member.FlagAsync(group, topic, 1, "Spam")).ProblemAsync(403);
        await (await member.AcceptAnswerAsync(group, topic, 1)).ProblemAsync(400);
        await (await member.ReplyAsync(group, topic, "")).ProblemAsync(400);

        // The opening post's events arrive; nothing else does.
        await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostNumber == 1);
        DiscussionEventsProbe.All<ContentFlagged>(group).ShouldBeEmpty();
        DiscussionEventsProbe.All<AnswerAccepted>(group).ShouldBeEmpty();
        DiscussionEventsProbe.All<PostCreated>(group).Count.ShouldBe(1);
    }

    private async Task<string> SlugAsync(Guid group) =>
        (await (await app.CreateClient().GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;

    private async Task<(TestMember Sponsor, TestMember Member, Guid Group)> ForumWithMemberAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var member = await app.RegisterConfirmedAsync($"{name} Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        return (sponsor, member, group);
    }
}
