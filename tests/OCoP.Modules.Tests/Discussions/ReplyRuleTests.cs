using OCoP.Modules.Discussions.Topics;

namespace OCoP.Modules.Tests.Discussions;

/// <summary><see cref="Topic.CannotReplyBecause"/>: who may reply to a topic, and the reason given to those who may not.</summary>
public sealed class ReplyRuleTests
{
    private static readonly Replier Contributor = new(SignedIn: true, IsMember: true, MayPost: true, MayModerate: false);
    private static readonly Replier Facilitator = new(SignedIn: true, IsMember: true, MayPost: true, MayModerate: true);

    [Fact]
    public void A_contributor_replies_to_an_open_topic_of_a_writable_group()
    {
        new Topic().CannotReplyBecause(Contributor, groupReadOnly: false).ShouldBeNull();
    }

    [Fact]
    public void An_anonymous_visitor_is_asked_to_sign_in_before_anything_else()
    {
        var topic = new Topic { Closed = true, Locked = true };
        topic.CannotReplyBecause(new Replier(SignedIn: false, IsMember: false, MayPost: false, MayModerate: false), groupReadOnly: true)
            .ShouldBe("Sign in to reply.");
    }

    [Fact]
    public void A_signed_in_outsider_is_asked_to_join_and_a_reader_is_told_readers_do_not_post()
    {
        var topic = new Topic();
        topic.CannotReplyBecause(new Replier(SignedIn: true, IsMember: false, MayPost: false, MayModerate: false), groupReadOnly: false)
            .ShouldBe("Join the group to reply.");
        topic.CannotReplyBecause(new Replier(SignedIn: true, IsMember: true, MayPost: false, MayModerate: false), groupReadOnly: false)
            .ShouldBe("Readers do not post in this group.");
    }

    [Fact]
    public void A_read_only_group_refuses_every_reply_even_a_facilitators()
    {
        new Topic().CannotReplyBecause(Facilitator, groupReadOnly: true).ShouldBe("The group is read-only.");
    }

    [Fact]
    public void A_closed_topic_refuses_every_reply_even_a_facilitators()
    {
        var topic = new Topic { Closed = true, Locked = true };
        topic.CannotReplyBecause(Contributor, groupReadOnly: false).ShouldBe("This topic is closed.");
        topic.CannotReplyBecause(Facilitator, groupReadOnly: false).ShouldBe("This topic is closed.");
    }

    [Fact]
    public void A_locked_topic_refuses_contributors_and_lets_moderators_reply()
    {
        var topic = new Topic { Locked = true };
        topic.CannotReplyBecause(Contributor, groupReadOnly: false).ShouldBe("This topic is locked: no new replies.");
        topic.CannotReplyBecause(Facilitator, groupReadOnly: false).ShouldBeNull();
    }
}
