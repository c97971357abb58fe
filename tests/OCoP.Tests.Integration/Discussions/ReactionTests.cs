using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Reactions from a fixed set: counted on the post, listed with who reacted, one of each kind per member.</summary>
public sealed class ReactionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Members_react_from_the_fixed_set_and_everyone_sees_the_counts_and_who_reacted()
    {
        var (_, group, topic) = await TopicAsync("Counting");
        // The forum knows the names once RegisterConfirmedAsync returns (it waits for every module), the memberships
        // once JoinForumAsync does: "who reacted" can name both.
        var ada = await app.RegisterConfirmedAsync("Ada Reacting");
        var ben = await app.RegisterConfirmedAsync("Ben Reacting");
        await ada.JoinForumAsync(group);
        await ben.JoinForumAsync(group);

        (await Counts(ada.ReactAsync(group, topic, 1, "like"))).ShouldBe("like=1");
        (await Counts(ben.ReactAsync(group, topic, 1, "like"))).ShouldBe("like=2");
        foreach (var kind in new[] { "thanks", "insightful", "agree", "curious" })
        {
            (await ada.ReactAsync(group, topic, 1, kind)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var expected = "agree=1,curious=1,insightful=1,like=2,thanks=1";
        var forAnyone = (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1);
        CountsOf(forAnyone.GetProperty("reactions")).ShouldBe(expected);
        forAnyone.GetProperty("myReactions").GetArrayLength().ShouldBe(0);
        var forBen = (await ben.Session.TopicPageAsync(group, topic)).PostNumbered(1);
        forBen.GetProperty("myReactions").EnumerateArray().Select(k => k.GetString()).ShouldBe(["like"]);
        var forAda = (await ada.Session.TopicPageAsync(group, topic)).PostNumbered(1);
        forAda.GetProperty("myReactions").EnumerateArray().Select(k => k.GetString()).Order().ShouldBe(["agree", "curious", "insightful", "like", "thanks"]);

        var who = await ReactorsAsync(app.CreateClient(), group, topic, 1);
        who.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("memberId").GetGuid(), r.GetProperty("displayName").GetString()))
            .ShouldBe([
                ("like", ada.Id, "Ada Reacting"), ("like", ben.Id, "Ben Reacting"), ("thanks", ada.Id, "Ada Reacting"),
                ("insightful", ada.Id, "Ada Reacting"), ("agree", ada.Id, "Ada Reacting"), ("curious", ada.Id, "Ada Reacting"),
            ]);
        who.Select(r => r.GetProperty("at").GetDateTimeOffset()).ShouldBe(who.Select(r => r.GetProperty("at").GetDateTimeOffset()).Order());
    }

    [Fact]
    public async Task Reacting_twice_with_the_same_kind_counts_once()
    {
        var (_, group, topic) = await TopicAsync("Twice");
        var member = await app.RegisterConfirmedAsync("Eager Reactor");
        await member.JoinForumAsync(group);

        (await Counts(member.ReactAsync(group, topic, 1, "thanks"))).ShouldBe("thanks=1");
        (await Counts(member.ReactAsync(group, topic, 1, "thanks"))).ShouldBe("thanks=1");

        (await ReactorsAsync(app.CreateClient(), group, topic, 1)).Select(r => r.GetProperty("memberId").GetGuid()).ShouldBe([member.Id]);
        CountsOf((await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("reactions"))
            .ShouldBe("thanks=1");
    }

    [Fact]
    public async Task Taking_a_reaction_back_removes_it_and_only_it()
    {
        var (_, group, topic) = await TopicAsync("Back");
        var member = await app.RegisterConfirmedAsync("Fickle Reactor");
        await member.JoinForumAsync(group);
        await member.ReactAsync(group, topic, 1, "like");
        await member.ReactAsync(group, topic, 1, "curious");

        (await Counts(member.UnreactAsync(group, topic, 1, "like"))).ShouldBe("curious=1");
        (await Counts(member.UnreactAsync(group, topic, 1, "like"))).ShouldBe("curious=1");

        (await ReactorsAsync(app.CreateClient(), group, topic, 1)).Select(r => r.GetProperty("kind").GetString()).ShouldBe(["curious"]);
        var post = (await member.Session.TopicPageAsync(group, topic)).PostNumbered(1);
        CountsOf(post.GetProperty("reactions")).ShouldBe("curious=1");
        post.GetProperty("myReactions").EnumerateArray().Select(k => k.GetString()).ShouldBe(["curious"]);
    }

    [Fact]
    public async Task A_reaction_outside_the_fixed_set_is_a_400_and_nothing_is_stored()
    {
        var (_, group, topic) = await TopicAsync("Unknown");
        var member = await app.RegisterConfirmedAsync("Inventive Reactor");
        await member.JoinForumAsync(group);

        foreach (var kind in new[] { "love", "LIKE", "👍" })
        {
            var problem = await (await member.ReactAsync(group, topic, 1, Uri.EscapeDataString(kind))).ProblemAsync(400);
            problem.ErrorFields().ShouldBe(["kind"]);
            problem.GetProperty("errors").GetProperty("kind")[0].GetString().ShouldBe("React with one of: like, thanks, insightful, agree, curious.");
        }

        await (await member.UnreactAsync(group, topic, 1, "love")).ProblemAsync(400);
        (await ReactorsAsync(app.CreateClient(), group, topic, 1)).ShouldBeEmpty();
        (await app.CreateClient().TopicPageAsync(group, topic)).PostNumbered(1).GetProperty("reactions").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task Reacting_needs_being_able_to_read_the_topic()
    {
        var sponsor = await app.RegisterConfirmedAsync("Closed Reaction Sponsor");
        var reader = await app.RegisterConfirmedAsync("Closed Reaction Reader");
        var outsider = await app.RegisterConfirmedAsync("Closed Reaction Outsider");
        var membersOnly = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var secret = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var topic = await sponsor.StartTopicNumberAsync(membersOnly, "Members react here", "Post 1.");
        var secretTopic = await sponsor.StartTopicNumberAsync(secret, "Nobody reacts here", "Post 1.");
        await reader.JoinForumAsync(membersOnly);
        await sponsor.SetForumRolesAsync(reader, membersOnly, "Reader");

        await (await app.CreateSession().PutAsync($"{DiscussionsApi.Post(membersOnly, topic, 1)}/reactions/like", null)).ProblemAsync(401);
        await (await outsider.ReactAsync(membersOnly, topic, 1, "like")).ProblemAsync(403);
        await (await outsider.ReactAsync(secret, secretTopic, 1, "like")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"{DiscussionsApi.Post(membersOnly, topic, 1)}/reactions")).ProblemAsync(403);
        await (await reader.ReactAsync(membersOnly, topic, 2, "like")).ProblemAsync(404);
        (await ReactorsAsync(sponsor.Session, membersOnly, topic, 1)).ShouldBeEmpty();
        (await ReactorsAsync(sponsor.Session, secret, secretTopic, 1)).ShouldBeEmpty();

        // A reader, who may not post, may still react: reading is what it takes.
        (await Counts(reader.ReactAsync(membersOnly, topic, 1, "insightful"))).ShouldBe("insightful=1");
        (await ReactorsAsync(reader.Session, membersOnly, topic, 1)).Select(r => r.GetProperty("memberId").GetGuid()).ShouldBe([reader.Id]);
    }

    [Fact]
    public async Task Nobody_reacts_to_their_own_post_or_to_a_deleted_one()
    {
        var (sponsor, group, topic) = await TopicAsync("Own");
        var member = await app.RegisterConfirmedAsync("Self Reactor");
        await member.JoinForumAsync(group);
        var reply = await member.ReplyNumberAsync(group, topic, "My own reply.");
        var doomed = await sponsor.ReplyNumberAsync(group, topic, "A reply about to go.");
        (await sponsor.DeletePostAsync(group, topic, doomed, "Duplicate.")).EnsureSuccessStatusCode();

        await (await member.ReactAsync(group, topic, reply, "like")).ProblemAsync(403);
        await (await sponsor.ReactAsync(group, topic, 1, "like")).ProblemAsync(403);
        await (await member.ReactAsync(group, topic, doomed, "like")).ProblemAsync(409);

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        page.PostsOf().ShouldAllBe(p => !p.GetProperty("reactions").EnumerateObject().Any());
    }

    private async Task<(TestMember Sponsor, Guid Group, int Topic)> TopicAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "A post worth reacting to", "Short and useful.");
        return (sponsor, group, topic);
    }

    private static async Task<string> Counts(Task<HttpResponseMessage> reacted) => CountsOf(await (await reacted).JsonAsync());

    /// <summary>Reaction counts as "kind=count" in the order of the kinds' names, e.g. "agree=1,like=2".</summary>
    private static string CountsOf(JsonElement counts) =>
        string.Join(",", counts.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetInt32()}"));

    private static async Task<List<JsonElement>> ReactorsAsync(HttpClient client, Guid group, int topic, int post) =>
        (await (await client.GetAsync($"{DiscussionsApi.Post(group, topic, post)}/reactions?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
}
