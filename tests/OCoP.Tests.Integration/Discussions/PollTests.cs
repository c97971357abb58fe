using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Polls;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Polls: single or multiple choice, optionally anonymous, results after voting or closing, one changeable vote.</summary>
public sealed class PollTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_single_choice_poll_hides_its_results_until_one_votes_and_takes_one_vote_per_member()
    {
        var (sponsor, first, second, group) = await ForumWithVotersAsync("Single");
        var topic = await sponsor.StartTopicNumberAsync(group, "When do we meet?", "Pick one.", poll: Poll("Which day?", ["Monday", "Tuesday", "Friday"]));

        var before = await PollAsync(first.Session, group, topic);
        before.GetProperty("multipleChoice").GetBoolean().ShouldBeFalse();
        before.GetProperty("options").EnumerateArray().Select(o => o.GetString()).ShouldBe(["Monday", "Tuesday", "Friday"]);
        before.GetProperty("canVote").GetBoolean().ShouldBeTrue();
        before.GetProperty("closed").GetBoolean().ShouldBeFalse();
        ShouldHideResults(before);

        (await (await VoteAsync(first, group, topic, 0, 1)).ProblemAsync(400)).ErrorFields().ShouldBe(["choices"]);
        (await (await VoteAsync(first, group, topic, 3)).ProblemAsync(400)).ErrorFields().ShouldBe(["choices"]);
        (await (await VoteAsync(first, group, topic)).ProblemAsync(400)).ErrorFields().ShouldBe(["choices"]);

        var voted = await (await VoteAsync(first, group, topic, 1)).JsonAsync();
        Counts(voted).ShouldBe([0, 1, 0]);
        voted.GetProperty("voters").GetInt32().ShouldBe(1);
        voted.GetProperty("myChoices").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([1]);

        // One vote per member: a second POST is refused and changes nothing.
        await (await VoteAsync(first, group, topic, 2)).ProblemAsync(409);
        Counts(await PollAsync(first.Session, group, topic)).ShouldBe([0, 1, 0]);

        // Who has not voted still sees no results, and no list of voters.
        ShouldHideResults(await PollAsync(second.Session, group, topic));
        ShouldHideResults(await PollAsync(app.CreateClient(), group, topic));
        await (await second.Session.GetAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes")).ProblemAsync(403);

        Counts(await (await VoteAsync(second, group, topic, 1)).JsonAsync()).ShouldBe([0, 2, 0]);
        var voters = await (await first.Session.GetAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes")).JsonAsync();
        voters.GetProperty("items").EnumerateArray().Select(v => (v.GetProperty("displayName").GetString(), v.GetProperty("choices")[0].GetInt32()))
            .ShouldBe([(first.DisplayName, 1), (second.DisplayName, 1)]);
        (await app.CreateClient().PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes", new { choices = new[] { 0 } }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_multiple_choice_poll_counts_each_choice_once()
    {
        var (sponsor, first, second, group) = await ForumWithVotersAsync("Multiple");
        var topic = await sponsor.StartTopicNumberAsync(group, "What should we read?", "Choose any.",
            poll: Poll("Which books?", multipleChoice: true, options: ["Mindset", "Make it stick", "Visible learning"]));

        (await (await VoteAsync(first, group, topic, 0, 0)).ProblemAsync(400)).ErrorFields().ShouldBe(["choices"]);
        var voted = await (await VoteAsync(first, group, topic, 2, 0)).JsonAsync();
        Counts(voted).ShouldBe([1, 0, 1]);
        voted.GetProperty("myChoices").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([0, 2]);
        var both = await (await VoteAsync(second, group, topic, 0, 1, 2)).JsonAsync();
        Counts(both).ShouldBe([2, 1, 2]);
        both.GetProperty("voters").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_vote_can_be_changed_until_the_author_closes_the_poll()
    {
        var (sponsor, author, voter, group) = await ForumWithVotersAsync("Change");
        var late = await app.RegisterConfirmedAsync("Change Late");
        await late.JoinForumAsync(group);
        var topic = await author.StartTopicNumberAsync(group, "Snack rota", "Who brings what?", poll: Poll("Which snack?", ["Fruit", "Biscuits", "Nuts"]));

        await (await ChangeVoteAsync(voter, group, topic, 1)).ProblemAsync(404);
        (await VoteAsync(voter, group, topic, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = await (await ChangeVoteAsync(voter, group, topic, 2)).JsonAsync();
        Counts(changed).ShouldBe([0, 0, 1]);
        changed.GetProperty("voters").GetInt32().ShouldBe(1);
        changed.GetProperty("myChoices").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([2]);

        // Only the author (or a facilitator) closes the poll.
        await (await voter.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).ProblemAsync(403);
        (await author.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await author.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).ProblemAsync(409);

        await (await ChangeVoteAsync(voter, group, topic, 1)).ProblemAsync(409);
        await (await VoteAsync(late, group, topic, 1)).ProblemAsync(409);
        var closed = await PollAsync(late.Session, group, topic);
        closed.GetProperty("closed").GetBoolean().ShouldBeTrue();
        closed.GetProperty("canVote").GetBoolean().ShouldBeFalse();
        Counts(closed).ShouldBe([0, 0, 1]); // after closing, everyone sees the results
        Counts(await PollAsync(app.CreateClient(), group, topic)).ShouldBe([0, 0, 1]);

        var pollId = closed.GetProperty("id").GetGuid();
        var topicId = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("id").GetGuid();
        var @event = await DiscussionEventsProbe.WaitForAsync<PollClosed>(group, e => e.PollId == pollId);
        @event.TopicId.ShouldBe(topicId);
        @event.Path.ShouldEndWith($"/topics/{topic}");
    }

    [Fact]
    public async Task An_anonymous_poll_shows_counts_but_never_who_voted()
    {
        var (sponsor, first, second, group) = await ForumWithVotersAsync("Anonymous");
        var topic = await sponsor.StartTopicNumberAsync(group, "Honest feedback", "Nobody will know.",
            poll: Poll("How was the session?", anonymous: true, options: ["Useful", "So-so", "Not for me"]));

        (await VoteAsync(first, group, topic, 2)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await VoteAsync(second, group, topic, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var who in new[] { first, sponsor })
        {
            await (await who.Session.GetAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes")).ProblemAsync(403);
        }

        (await sponsor.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await sponsor.Session.GetAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes")).ProblemAsync(403);
        var poll = await PollAsync(sponsor.Session, group, topic);
        poll.GetProperty("anonymous").GetBoolean().ShouldBeTrue();
        Counts(poll).ShouldBe([1, 0, 1]);
        poll.GetProperty("voters").GetInt32().ShouldBe(2);
        var text = poll.GetRawText();
        foreach (var voter in new[] { first, second })
        {
            text.ShouldNotContain(voter.Id.ToString());
            text.ShouldNotContain(voter.DisplayName);
        }
    }

    [Fact]
    public async Task A_poll_closes_itself_at_its_closing_time()
    {
        var (sponsor, first, second, group) = await ForumWithVotersAsync("Timed");
        // Long enough for the topic and the first vote on a loaded machine (3 s was not, once), short enough to wait for.
        var closesAt = app.Clock.GetUtcNow().AddSeconds(20);
        var topic = await sponsor.StartTopicNumberAsync(group, "Quick poll", "Twenty seconds to vote.",
            poll: Poll("Now or never?", closesAt: closesAt, options: ["Now", "Never"]));
        (await VoteAsync(first, group, topic, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pollId = (await PollAsync(first.Session, group, topic)).GetProperty("id").GetGuid();

        // Wolverine delivers the durable scheduled message at the closing time.
        await Eventually.TrueAsync(() => Task.FromResult(DiscussionEventsProbe.All<PollClosed>(group, e => e.PollId == pollId).Count > 0),
            "the scheduled PollCloseDue to close the poll", TimeSpan.FromSeconds(120));
        var closed = DiscussionEventsProbe.All<PollClosed>(group, e => e.PollId == pollId).Single();
        closed.ClosedAt.ShouldBeGreaterThanOrEqualTo(closesAt);

        await (await VoteAsync(second, group, topic, 1)).ProblemAsync(409);
        await (await ChangeVoteAsync(first, group, topic, 1)).ProblemAsync(409);
        var poll = await PollAsync(second.Session, group, topic);
        poll.GetProperty("closed").GetBoolean().ShouldBeTrue();
        Counts(poll).ShouldBe([1, 0]);
    }

    [Fact]
    public async Task The_scheduled_close_waits_for_the_closing_time_and_closes_the_poll_once()
    {
        var (sponsor, first, second, group) = await ForumWithVotersAsync("Clock");
        var closesAt = app.Clock.GetUtcNow().AddDays(2);
        var topic = await sponsor.StartTopicNumberAsync(group, "Weekend poll", "Closes in two days.",
            poll: Poll("Which workshop?", closesAt: closesAt, options: ["Questioning", "Feedback"]));
        (await VoteAsync(first, group, topic, 1)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pollId = (await PollAsync(first.Session, group, topic)).GetProperty("id").GetGuid();

        // Delivered early (a clock skew, a retry): nothing happens.
        await app.InvokeMessageAsync(new PollClosingHandler.PollCloseDue(pollId));
        (await PollAsync(second.Session, group, topic)).GetProperty("closed").GetBoolean().ShouldBeFalse();
        (await VoteAsync(second, group, topic, 0)).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        try
        {
            await app.InvokeMessageAsync(new PollClosingHandler.PollCloseDue(pollId));
            await app.InvokeMessageAsync(new PollClosingHandler.PollCloseDue(pollId)); // delivered twice: closed once
            await DiscussionEventsProbe.WaitForAsync<PollClosed>(group, e => e.PollId == pollId);
            await (await ChangeVoteAsync(first, group, topic, 0)).ProblemAsync(409);
            await (await sponsor.Session.PostAsync($"{DiscussionsApi.Topic(group, topic)}/poll/close", null)).ProblemAsync(409);
            var poll = await PollAsync(app.CreateClient(), group, topic);
            poll.GetProperty("closed").GetBoolean().ShouldBeTrue();
            Counts(poll).ShouldBe([1, 1]);
        }
        finally
        {
            app.Clock.Advance(-(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1)));
        }

        DiscussionEventsProbe.All<PollClosed>(group, e => e.PollId == pollId).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_closed_topic_takes_no_votes_and_a_poll_cannot_close_in_the_past()
    {
        var (sponsor, first, _, group) = await ForumWithVotersAsync("Refused");
        var past = await sponsor.StartTopicAsync(group, "Too late", "Already over.",
            poll: Poll("Yesterday?", closesAt: app.Clock.GetUtcNow().AddMinutes(-5), options: ["Yes", "No"]));
        (await past.ProblemAsync(400)).ErrorFields().ShouldBe(["poll.closesAt"]);

        var topic = await sponsor.StartTopicNumberAsync(group, "Closed soon", "Vote fast.", poll: Poll("Ready?", ["Yes", "No"]));
        (await sponsor.ChangeTopicStateAsync(group, topic, closed: true, reason: "Decided in the meeting.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await VoteAsync(first, group, topic, 0)).ProblemAsync(409);
        (await PollAsync(first.Session, group, topic)).GetProperty("canVote").GetBoolean().ShouldBeFalse();

        var noPoll = await sponsor.StartTopicNumberAsync(group, "No poll here", "Just words.");
        await (await VoteAsync(first, group, noPoll, 0)).ProblemAsync(404);
    }

    private static object Poll(string question, string[] options, bool multipleChoice = false, bool anonymous = false,
        DateTimeOffset? closesAt = null) =>
        new { question, options, multipleChoice, anonymous, closesAt };

    private static Task<HttpResponseMessage> VoteAsync(TestMember member, Guid group, int topic, params int[] choices) =>
        member.Session.PostAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes", new { choices });

    private static Task<HttpResponseMessage> ChangeVoteAsync(TestMember member, Guid group, int topic, params int[] choices) =>
        member.Session.PutAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/poll/votes/mine", new { choices });

    private static async Task<JsonElement> PollAsync(HttpClient client, Guid group, int topic) =>
        (await client.TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("poll");

    private static int[] Counts(JsonElement poll) => poll.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray();

    private static void ShouldHideResults(JsonElement poll)
    {
        poll.GetProperty("counts").ValueKind.ShouldBe(JsonValueKind.Null);
        poll.GetProperty("voters").ValueKind.ShouldBe(JsonValueKind.Null);
        poll.GetProperty("myChoices").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private async Task<(TestMember Sponsor, TestMember First, TestMember Second, Guid Group)> ForumWithVotersAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var first = await app.RegisterConfirmedAsync($"{name} First");
        var second = await app.RegisterConfirmedAsync($"{name} Second");
        var group = await sponsor.CreateForumAsync();
        await first.JoinForumAsync(group);
        await second.JoinForumAsync(group);
        return (sponsor, first, second, group);
    }
}
