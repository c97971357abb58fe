using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>Questions: the asker, a domain expert or a facilitator accepts one reply, shown under the question.</summary>
public sealed class QuestionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task The_asker_accepts_a_reply_and_it_is_shown_under_the_question()
    {
        var (sponsor, asker, answerer, group) = await ForumWithMembersAsync("Accept");
        var question = await asker.StartTopicNumberAsync(group, "Which warm-up works for shy groups?", "Mine stay silent.", kind: "Question");
        await answerer.ReplyNumberAsync(group, question, "Start in pairs, then share.");
        await sponsor.ReplyNumberAsync(group, question, "A one-word round.");
        (await asker.Session.TopicPageAsync(group, question)).GetProperty("topic").GetProperty("viewer").GetProperty("canAcceptAnswer")
            .GetBoolean().ShouldBeTrue();

        var accepted = await (await asker.AcceptAnswerAsync(group, question, 2)).JsonAsync();
        accepted.GetProperty("acceptedPostNumber").GetInt32().ShouldBe(2);

        var page = await app.CreateClient().TopicPageAsync(group, question);
        var answer = page.GetProperty("topic").GetProperty("acceptedAnswer");
        answer.GetProperty("number").GetInt32().ShouldBe(2);
        answer.GetProperty("authorName").GetString().ShouldBe(answerer.DisplayName);
        answer.GetProperty("html").GetString()!.ShouldContain("Start in pairs, then share.");
        page.GetProperty("posts").EnumerateArray().Select(p => (p.GetProperty("number").GetInt32(), p.GetProperty("isAcceptedAnswer").GetBoolean()))
            .ShouldBe([(1, false), (2, true), (3, false)]);
        (await app.CreateClient().TopicListAsync(group)).GetProperty("items").EnumerateArray().Single().GetProperty("answered").GetBoolean()
            .ShouldBeTrue();
    }

    [Fact]
    public async Task The_accepted_answer_can_be_changed_and_taken_back()
    {
        var (sponsor, asker, answerer, group) = await ForumWithMembersAsync("Change");
        var question = await asker.StartTopicNumberAsync(group, "How long should a check-in last?", "Ours run over.", kind: "Question");
        await answerer.ReplyNumberAsync(group, question, "Five minutes, timed.");
        await sponsor.ReplyNumberAsync(group, question, "One sentence each.");

        (await asker.AcceptAnswerAsync(group, question, 2)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await asker.AcceptAnswerAsync(group, question, 3)).JsonAsync()).GetProperty("acceptedPostNumber").GetInt32().ShouldBe(3);
        var page = await app.CreateClient().TopicPageAsync(group, question);
        page.GetProperty("topic").GetProperty("acceptedAnswer").GetProperty("number").GetInt32().ShouldBe(3);
        AcceptedFlags(page).ShouldBe([3]);

        (await (await asker.AcceptAnswerAsync(group, question, null)).JsonAsync()).GetProperty("acceptedPostNumber").ValueKind
            .ShouldBe(JsonValueKind.Null);
        page = await app.CreateClient().TopicPageAsync(group, question);
        page.GetProperty("topic").GetProperty("acceptedAnswer").ValueKind.ShouldBe(JsonValueKind.Null);
        AcceptedFlags(page).ShouldBeEmpty();
        (await app.CreateClient().TopicListAsync(group, "?sort=unanswered")).Numbers().ShouldBe([question]);
    }

    [Fact]
    public async Task A_facilitator_or_a_domain_expert_accepts_an_answer_to_someone_elses_question()
    {
        var (sponsor, asker, answerer, group) = await ForumWithMembersAsync("Expert");
        var expert = await app.RegisterConfirmedAsync("Expert Expert");
        await expert.JoinForumAsync(group);
        await sponsor.SetForumRolesAsync(expert, group, "Contributor", "DomainExpert");
        var question = await asker.StartTopicNumberAsync(group, "Which rubric for lab reports?", "Looking for a short one.", kind: "Question");
        await answerer.ReplyNumberAsync(group, question, "The four-level one.");
        await answerer.ReplyNumberAsync(group, question, "Or the single-point rubric.");

        (await expert.Session.TopicPageAsync(group, question)).GetProperty("topic").GetProperty("viewer").GetProperty("canAcceptAnswer")
            .GetBoolean().ShouldBeTrue();
        (await (await expert.AcceptAnswerAsync(group, question, 3)).JsonAsync()).GetProperty("acceptedPostNumber").GetInt32().ShouldBe(3);
        (await app.CreateClient().TopicPageAsync(group, question)).GetProperty("topic").GetProperty("acceptedAnswer").GetProperty("number")
            .GetInt32().ShouldBe(3);

        (await (await sponsor.AcceptAnswerAsync(group, question, 2)).JsonAsync()).GetProperty("acceptedPostNumber").GetInt32().ShouldBe(2);
        (await app.CreateClient().TopicPageAsync(group, question)).GetProperty("topic").GetProperty("acceptedAnswer").GetProperty("number")
            .GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Another_member_may_not_accept_an_answer()
    {
        var (_, asker, answerer, group) = await ForumWithMembersAsync("Other");
        var bystander = await app.RegisterConfirmedAsync("Other Bystander");
        await bystander.JoinForumAsync(group);
        var question = await asker.StartTopicNumberAsync(group, "Do you grade homework?", "Or only give feedback?", kind: "Question");
        await answerer.ReplyNumberAsync(group, question, "Feedback only.");

        (await bystander.Session.TopicPageAsync(group, question)).GetProperty("topic").GetProperty("viewer").GetProperty("canAcceptAnswer")
            .GetBoolean().ShouldBeFalse();
        await (await bystander.AcceptAnswerAsync(group, question, 2)).ProblemAsync(403);
        // The one who answered does not accept their own answer to someone else's question either.
        await (await answerer.AcceptAnswerAsync(group, question, 2)).ProblemAsync(403);
        (await app.CreateClient().PutAsJsonAsync($"{DiscussionsApi.Topic(group, question)}/accepted-answer", new { postNumber = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CreateClient().TopicPageAsync(group, question)).GetProperty("topic").GetProperty("acceptedAnswer").ValueKind
            .ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Only_a_visible_reply_to_a_question_can_be_accepted()
    {
        var (sponsor, asker, answerer, group) = await ForumWithMembersAsync("Invalid");
        var question = await asker.StartTopicNumberAsync(group, "What is a good exit ticket?", "Short ones please.", kind: "Question");
        await answerer.ReplyNumberAsync(group, question, "Three things you learned.");

        (await (await asker.AcceptAnswerAsync(group, question, 1)).ProblemAsync(400)).ErrorFields().ShouldBe(["postNumber"]);
        (await (await asker.AcceptAnswerAsync(group, question, 7)).ProblemAsync(400)).ErrorFields().ShouldBe(["postNumber"]);
        var discussion = await sponsor.StartTopicNumberAsync(group, "Just a discussion", "Nothing to answer.");
        await answerer.ReplyNumberAsync(group, discussion, "Agreed.");
        await (await sponsor.AcceptAnswerAsync(group, discussion, 2)).ProblemAsync(409);
    }

    [Fact]
    public async Task The_unanswered_list_holds_only_open_questions_without_an_accepted_answer()
    {
        var (sponsor, asker, answerer, group) = await ForumWithMembersAsync("Unanswered");
        var discussion = await sponsor.StartTopicNumberAsync(group, "General chat", "Hello all.");
        var answered = await sponsor.StartTopicNumberAsync(group, "Answered question", "Will be answered.", kind: "Question");
        var open = await asker.StartTopicNumberAsync(group, "Open question", "Nobody knows yet.", kind: "Question");
        var closed = await sponsor.StartTopicNumberAsync(group, "Closed question", "Closed without an answer.", kind: "Question");
        var later = await asker.StartTopicNumberAsync(group, "Later question", "Also open.", kind: "Question");
        await answerer.ReplyNumberAsync(group, answered, "Here is the answer.");
        (await sponsor.AcceptAnswerAsync(group, answered, 2)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.ChangeTopicStateAsync(group, closed, closed: true, reason: "Duplicate.")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var unanswered = await app.CreateClient().TopicListAsync(group, "?sort=unanswered");
        unanswered.Numbers().ShouldBe([later, open]);
        unanswered.GetProperty("items").EnumerateArray().ShouldAllBe(t => t.GetProperty("kind").GetString() == "Question"
            && !t.GetProperty("answered").GetBoolean() && !t.GetProperty("closed").GetBoolean());
        (await app.CreateClient().TopicListAsync(group, "?sort=newest")).Numbers().ShouldBe([later, closed, open, answered, discussion]);

        // Taking the answer back makes the question unanswered again; answering the open one takes it off the list.
        (await sponsor.AcceptAnswerAsync(group, answered, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await answerer.ReplyNumberAsync(group, open, "I know now.");
        (await asker.AcceptAnswerAsync(group, open, 2)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient().TopicListAsync(group, "?sort=unanswered")).Numbers().ShouldBe([later, answered]);
    }

    private static int[] AcceptedFlags(JsonElement page) =>
        page.GetProperty("posts").EnumerateArray().Where(p => p.GetProperty("isAcceptedAnswer").GetBoolean())
            .Select(p => p.GetProperty("number").GetInt32()).ToArray();

    private async Task<(TestMember Sponsor, TestMember Asker, TestMember Answerer, Guid Group)> ForumWithMembersAsync(string name)
    {
        var sponsor = await app.RegisterConfirmedAsync($"{name} Sponsor");
        var asker = await app.RegisterConfirmedAsync($"{name} Asker");
        var answerer = await app.RegisterConfirmedAsync($"{name} Answerer");
        var group = await sponsor.CreateForumAsync();
        await asker.JoinForumAsync(group);
        await answerer.JoinForumAsync(group);
        return (sponsor, asker, answerer, group);
    }
}
