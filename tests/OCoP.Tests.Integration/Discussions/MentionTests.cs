using AngleSharp.Html.Parser;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// @handle names a member of the group, @facilitators everyone holding that role; the PostCreated event carries whom a
/// post names, whom it answers and whom it quotes, for notifications.
/// </summary>
public sealed class MentionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Mentioning_a_member_of_the_group_links_to_their_profile_and_names_them_in_the_post_created_event()
    {
        var sponsor = await app.RegisterConfirmedAsync("Mention Sponsor");
        var mira = await app.RegisterConfirmedAsync("Mira Okafor");
        var theo = await app.RegisterConfirmedAsync("Theo Writer");
        var group = await sponsor.CreateForumAsync();
        await mira.JoinForumAsync(group);
        await theo.JoinForumAsync(group);
        var topic = await mira.StartTopicNumberAsync(group, "Who has tried exit tickets?", "I am curious.");

        var reply = await (await theo.ReplyAsync(group, topic, "I have, @mira_okafor. Ask @Mira_Okafor's class, too.")).JsonAsync();

        var html = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(2).GetProperty("html").GetString()!;
        var links = new HtmlParser().ParseDocument(html).QuerySelectorAll("a").ToList();
        links.Select(a => a.GetAttribute("href")).ShouldBe([$"/members/{mira.Id}", $"/members/{mira.Id}"]);
        links.Select(a => a.TextContent).ShouldBe(["@mira_okafor", "@Mira_Okafor"]);
        var created = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == reply.GetProperty("postId").GetGuid());
        created.Mentions.ShouldBe([mira.Id]);
        created.AuthorId.ShouldBe(theo.Id);

        // The opening post of a topic resolves mentions the same way; the author never mentions themselves.
        var second = await theo.StartTopicNumberAsync(group, "A follow-up for Mira", "Over to you, @mira_okafor (and me, @theo_writer).");
        var opening = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.TopicNumber == second && e.PostNumber == 1);
        opening.Mentions.ShouldBe([mira.Id]);
    }

    [Fact]
    public async Task Mentioning_someone_outside_the_group_leaves_the_name_as_text_and_names_nobody()
    {
        var sponsor = await app.RegisterConfirmedAsync("Outside Sponsor");
        var olga = await app.RegisterConfirmedAsync("Olga Elsewhere");
        var fred = await app.RegisterConfirmedAsync("Fred Former");
        var group = await sponsor.CreateForumAsync();

        // Olga is known to the forum (she writes in her own group's forum) but is no member of this group.
        var olgasGroup = await olga.CreateForumAsync();
        await olga.StartTopicNumberAsync(olgasGroup, "Olga's own forum", "Hello.");
        // Fred wrote here, then left the group.
        await fred.JoinForumAsync(group);
        await fred.StartTopicNumberAsync(group, "Fred was here once", "Goodbye soon.");
        (await fred.Session.PostAsync($"/api/membership/groups/{group}/leave", null)).EnsureSuccessStatusCode();
        await fred.WaitForViewerAsync(group, v => !v.GetProperty("isMember").GetBoolean());

        var topic = await sponsor.StartTopicNumberAsync(group, "Calling people who are not here", "Is @olga_elsewhere here? Or @fred_former? Or @nobody_at_all?");

        var html = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("html").GetString()!;
        var body = new HtmlParser().ParseDocument(html).Body!;
        body.QuerySelectorAll("a").ShouldBeEmpty();
        body.TextContent.ShouldContain("@olga_elsewhere");
        body.TextContent.ShouldContain("@fred_former");
        var created = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.TopicNumber == topic && e.PostNumber == 1);
        created.Mentions.ShouldBeEmpty();
    }

    [Fact]
    public async Task At_facilitators_names_every_facilitator_of_the_group_but_not_the_writer()
    {
        var sponsor = await app.RegisterConfirmedAsync("Role Sponsor");
        var fay = await app.RegisterConfirmedAsync("Fay Facilitator");
        var carl = await app.RegisterConfirmedAsync("Carl Contributor");
        var ann = await app.RegisterConfirmedAsync("Ann Asker");
        var group = await sponsor.CreateForumAsync();
        foreach (var member in new[] { fay, carl, ann })
        {
            await member.JoinForumAsync(group);
        }

        await sponsor.SetForumRolesAsync(fay, group, "Facilitator");
        var topic = await ann.StartTopicNumberAsync(group, "Could someone pin this?", "Hello @facilitators, could you pin this for the term?");
        var reply = await (await fay.ReplyAsync(group, topic, "Asking the other @facilitators first.")).JsonAsync();

        var opening = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.TopicNumber == topic && e.PostNumber == 1);
        opening.Mentions.Order().ShouldBe(new[] { sponsor.Id, fay.Id }.Order());
        var answered = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == reply.GetProperty("postId").GetGuid());
        answered.Mentions.ShouldBe([sponsor.Id]);
        // A role is not a profile: @facilitators stays text.
        var html = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("html").GetString()!;
        html.ShouldContain("@facilitators");
        new HtmlParser().ParseDocument(html).QuerySelectorAll("a").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_post_created_event_names_the_author_replied_to_and_the_author_quoted()
    {
        var sponsor = await app.RegisterConfirmedAsync("Event Sponsor");
        var asker = await app.RegisterConfirmedAsync("Event Asker");
        var helper = await app.RegisterConfirmedAsync("Event Helper");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        await helper.JoinForumAsync(group);

        var topic = await asker.StartTopicNumberAsync(group, "Seating plans: fixed or free?", "Fixed, I think.");
        await sponsor.ReplyNumberAsync(group, topic, "Free on Fridays.");
        var third = await (await helper.ReplyAsync(group, topic, "Why Fridays, @event_asker?", replyTo: 2, quote: new { postNumber = 1 })).JsonAsync();
        var fourth = await (await helper.ReplyAsync(group, topic, "Either way, a plan helps.")).JsonAsync();

        var opening = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.TopicNumber == topic && e.PostNumber == 1);
        opening.AuthorId.ShouldBe(asker.Id);
        opening.ReplyToPostNumber.ShouldBeNull();
        opening.ReplyToAuthorId.ShouldBeNull();
        opening.QuotedAuthorId.ShouldBeNull();

        var answer = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == third.GetProperty("postId").GetGuid());
        answer.PostNumber.ShouldBe(3);
        answer.TopicNumber.ShouldBe(topic);
        answer.TopicTitle.ShouldBe("Seating plans: fixed or free?");
        answer.AuthorId.ShouldBe(helper.Id);
        answer.ReplyToPostNumber.ShouldBe(2);
        answer.ReplyToAuthorId.ShouldBe(sponsor.Id);
        answer.QuotedAuthorId.ShouldBe(asker.Id);
        answer.Mentions.ShouldBe([asker.Id]);
        answer.Path.ShouldBe(third.GetProperty("path").GetString());

        // A reply to nothing in particular answers the topic, so its author is the one replied to.
        var plain = await DiscussionEventsProbe.WaitForAsync<PostCreated>(group, e => e.PostId == fourth.GetProperty("postId").GetGuid());
        plain.ReplyToPostNumber.ShouldBe(1);
        plain.ReplyToAuthorId.ShouldBe(asker.Id);
        plain.QuotedAuthorId.ShouldBeNull();
        plain.Mentions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editing_a_post_to_name_another_member_reports_only_the_new_mention()
    {
        var sponsor = await app.RegisterConfirmedAsync("Edit Mention Sponsor");
        var first = await app.RegisterConfirmedAsync("Nia First");
        var second = await app.RegisterConfirmedAsync("Omar Second");
        var group = await sponsor.CreateForumAsync();
        await first.JoinForumAsync(group);
        await second.JoinForumAsync(group);

        var topic = await sponsor.StartTopicNumberAsync(group, "Who runs the next session?", "Maybe @nia_first?");
        (await sponsor.EditPostAsync(group, topic, 1, "Maybe @nia_first? Or @omar_second?", "asked Omar too")).EnsureSuccessStatusCode();

        var edited = await DiscussionEventsProbe.WaitForAsync<PostEdited>(group, e => e.PostNumber == 1 && e.Revision == 2);
        edited.NewMentions.ShouldBe([second.Id]);
        edited.EditorId.ShouldBe(sponsor.Id);
        var html = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("html").GetString()!;
        new HtmlParser().ParseDocument(html).QuerySelectorAll("a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"/members/{first.Id}", $"/members/{second.Id}"]);
    }
}
