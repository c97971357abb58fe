using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>A session's plan and what follows it: agenda and templates, materials, breakouts, feedback, topic proposals, activity.</summary>
public sealed class SessionPlanTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task An_agenda_from_a_template_or_items_must_fit_the_event_and_applies_to_the_following_occurrences_with_the_materials()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Agenda");
        var group = await sponsor.CreateGroupAsync("Agenda circle");
        var member = (await app.MembersOfAsync(group, 1, "Agenda member"))[0];
        var series = await (await sponsor.ScheduleAsync(group, EventsApi.Input("Weekly clinic", timeZone: "UTC"),
            new { frequency = "Weekly", interval = 1, count = 3 })).JsonAsync();
        var ids = series.GetProperty("occurrenceIds").EnumerateArray().Select(e => e.GetGuid()).ToList();
        var shortOne = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Short one", length: TimeSpan.FromMinutes(30), timeZone: "UTC"));

        var templates = await sponsor.Session.PageAsync("/api/events/agenda-templates");
        templates.Select(t => t.GetProperty("key").GetString()).ShouldContain("case-clinic");

        // Too long, a template and items at once, an unknown template, a member who is not an organiser: refused, nothing changes.
        var tooLong = await (await SetAgendaAsync(sponsor, shortOne, new { template = "case-clinic" })).ProblemAsync(400);
        tooLong.ErrorFields().ShouldContain("template");
        (await (await SetAgendaAsync(sponsor, shortOne, new { items = new[] { Item("Everything", 31) } })).ProblemAsync(400)).ErrorFields().ShouldContain("items");
        await (await SetAgendaAsync(sponsor, shortOne, new { template = "nope" })).ProblemAsync(400);
        await (await SetAgendaAsync(sponsor, shortOne, new { template = "case-clinic", items = new[] { Item("Welcome", 5) } })).ProblemAsync(400);
        await (await SetAgendaAsync(member, shortOne, new { items = new[] { Item("Welcome", 5) } })).ProblemAsync(403);
        (await sponsor.Session.EventAsync(shortOne)).GetProperty("agenda").GetArrayLength().ShouldBe(0);

        var own = await (await SetAgendaAsync(sponsor, shortOne, new { items = new[] { Item("Welcome", 5, "Ana"), Item("Discussion", 25) } })).JsonAsync();
        own.GetProperty("totalMinutes").GetInt32().ShouldBe(30);
        var agenda = (await member.Session.EventAsync(shortOne)).GetProperty("agenda");
        agenda[0].GetProperty("lead").GetString().ShouldBe("Ana");
        agenda[1].GetProperty("kind").GetString().ShouldBe("Discussion");

        // The second occurrence and the following get the case clinic's agenda and the materials; the first keeps none.
        (await SetAgendaAsync(sponsor, ids[1], new { template = "case-clinic", scope = "ThisAndFollowing" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var badLink = await (await SetMaterialsAsync(sponsor, ids[1], new { items = new[] { new { title = "Script", url = "javascript:alert(1)" } } })).ProblemAsync(400);
        badLink.ErrorFields().ShouldContain("items[0].url");
        (await SetMaterialsAsync(sponsor, ids[1], new
        {
            items = new[] { new { title = "The case in brief", url = "https://example.org/case.pdf", note = "Two pages" } },
            primingQuestion = "What would you ask first?", scope = "ThisAndFollowing",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var (id, expected) in new[] { (ids[0], 0), (ids[1], 6), (ids[2], 6) })
        {
            var seen = await member.Session.EventAsync(id);
            seen.GetProperty("agenda").GetArrayLength().ShouldBe(expected);
            seen.GetProperty("materials").GetArrayLength().ShouldBe(expected == 0 ? 0 : 1);
        }

        var third = await member.Session.EventAsync(ids[2]);
        third.GetProperty("materials")[0].GetProperty("url").GetString().ShouldBe("https://example.org/case.pdf");
        third.GetProperty("primingQuestion").GetString().ShouldBe("What would you ask first?");
    }

    [Fact]
    public async Task A_facilitator_splits_those_present_into_breakouts_each_member_sees_their_own_and_attendees_give_feedback_summarised_for_organisers()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Breakout");
        var group = await sponsor.CreateGroupAsync("Breakout circle");
        var members = await app.MembersOfAsync(group, 5, "Breakout member");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Clinic with breakouts", start: DateTime.UtcNow.AddMinutes(5), timeZone: "UTC"));
        var code = (await sponsor.Session.EventAsync(eventId)).GetProperty("checkInCode").GetString()!;

        (await (await MakeBreakoutsAsync(sponsor, eventId, new { size = 2 })).ProblemAsync(400)).ErrorFields().ShouldContain("from");
        foreach (var member in members.Take(4))
        {
            (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await member.Session.PostAsJsonAsync($"/api/events/events/{eventId}/check-in", new { code })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await (await MakeBreakoutsAsync(members[0], eventId, new { size = 2 })).ProblemAsync(403);
        await (await MakeBreakoutsAsync(sponsor, eventId, new { size = 1 })).ProblemAsync(400);
        await (await MakeBreakoutsAsync(sponsor, eventId, new { size = 2, meetingLinks = new[] { "ftp://example.org" } })).ProblemAsync(400);
        (await (await members[4].Session.GetAsync($"/api/events/events/{eventId}/breakouts")).JsonAsync()).GetProperty("rooms").GetArrayLength().ShouldBe(0);

        var plan = await (await MakeBreakoutsAsync(sponsor, eventId, new
        {
            size = 2, purpose = "Advise on the case", meetingLinks = new[] { "https://meet.example.org/a", "https://meet.example.org/b" },
        })).JsonAsync();
        var rooms = plan.GetProperty("rooms").EnumerateArray().ToList();
        rooms.Count.ShouldBe(2);
        rooms.Select(r => r.GetProperty("meetingLink").GetString()).ShouldBe(["https://meet.example.org/a", "https://meet.example.org/b"]);
        rooms.SelectMany(r => r.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberId").GetGuid()))
            .Order().ShouldBe(members.Take(4).Select(m => m.Id).Order());
        var mine = await (await members[0].Session.GetAsync($"/api/events/events/{eventId}/breakouts")).JsonAsync();
        var myRoom = mine.GetProperty("mine").GetInt32();
        rooms[myRoom - 1].GetProperty("members").EnumerateArray().ShouldContain(m => m.GetProperty("memberId").GetGuid() == members[0].Id);
        (await (await members[4].Session.GetAsync($"/api/events/events/{eventId}/breakouts")).JsonAsync()).GetProperty("mine").ValueKind
            .ShouldBe(JsonValueKind.Null);

        // Feedback: only those there, a rating from 1 to 5; the summary is for organisers.
        await (await FeedbackAsync(members[4], eventId, 5, "All", null)).ProblemAsync(409);
        (await (await FeedbackAsync(members[0], eventId, 6, null, null)).ProblemAsync(400)).ErrorFields().ShouldContain("rating");
        (await FeedbackAsync(members[0], eventId, 3, "The case", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FeedbackAsync(members[0], eventId, 5, "The case", "More time in breakouts")).StatusCode.ShouldBe(HttpStatusCode.OK); // replaces
        (await FeedbackAsync(members[1], eventId, 4, null, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await members[1].Session.GetAsync($"/api/events/events/{eventId}/feedback")).ProblemAsync(403);
        var summary = await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/feedback")).JsonAsync();
        summary.GetProperty("present").GetInt32().ShouldBe(4);
        summary.GetProperty("responses").GetInt32().ShouldBe(2);
        summary.GetProperty("averageRating").GetDouble().ShouldBe(4.5);
        summary.GetProperty("ratings").EnumerateArray().Select(r => r.GetInt32()).ShouldBe([0, 0, 0, 1, 1]);
        summary.GetProperty("comments").EnumerateArray().Single().GetProperty("whatToChange").GetString().ShouldBe("More time in breakouts");

        // Going and being there are group activity.
        await Eventually.TrueAsync(async () =>
        {
            var verbs = (await sponsor.Session.PageAsync($"/api/engagement/groups/{group}/activity?limit=50")).Select(i => i.GetProperty("verb").GetString()).ToList();
            return verbs.Contains("scheduled-event") && verbs.Count(v => v == "going-to-event") == 4 && verbs.Count(v => v == "attended-event") == 4;
        }, "the event's activity in the group's stream");
    }

    [Fact]
    public async Task Mixing_experience_puts_one_veteran_and_one_newcomer_in_each_breakout_from_the_years_members_give_in_their_profiles()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Mix");
        var group = await sponsor.CreateGroupAsync("Mixed circle");
        var members = await app.MembersOfAsync(group, 4, "Mixed member");
        int[] since = [1992, 2023, 1998, 2024];
        for (var i = 0; i < members.Count; i++)
        {
            var profile = await (await members[i].Session.GetAsync("/api/membership/members/me")).JsonAsync();
            (await members[i].Session.PutAsJsonAsync("/api/membership/members/me", new
            {
                displayName = profile.GetProperty("displayName").GetString(), practisingSince = since[i],
            })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await (await members[0].Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = "Too Soon", practisingSince = DateTime.UtcNow.Year + 1 }))
            .ProblemAsync(400)).ErrorFields().ShouldContain("practisingSince");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Mixed clinic", start: DateTime.UtcNow.AddDays(2), timeZone: "UTC"));
        foreach (var member in members)
        {
            (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await (await MakeBreakoutsAsync(sponsor, eventId, new { size = 2, from = "Going", mix = "Sometimes" })).ProblemAsync(400)).ErrorFields().ShouldContain("mix");
        HashSet<Guid> veterans = [members[0].Id, members[2].Id];
        foreach (var member in members)
        {
            await app.MessagesHandledAsync(member.Id, "the years in the members' profiles");
        }

        // Dealt out by experience, never by luck: twenty splits in a row each put one veteran in each group.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var plan = await (await MakeBreakoutsAsync(sponsor, eventId, new { size = 2, from = "Going", mix = "Experience" })).JsonAsync();
            var rooms = plan.GetProperty("rooms").EnumerateArray()
                .Select(r => r.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberId").GetGuid()).ToList()).ToList();
            rooms.Count.ShouldBe(2);
            rooms.ShouldAllBe(r => r.Count(veterans.Contains) == 1);
        }

        (await (await members[1].Session.GetAsync($"/api/membership/members/{members[0].Id}")).JsonAsync()).GetProperty("practisingSince").GetInt32().ShouldBe(1992);
    }

    [Fact]
    public async Task Members_propose_and_vote_on_topics_and_scheduling_an_event_from_a_proposal_tells_the_proposer()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Proposals");
        var group = await sponsor.CreateGroupAsync("Proposal circle");
        var members = await app.MembersOfAsync(group, 3, "Proposer");
        var outsider = await app.RegisterConfirmedAsync("Proposal outsider");

        (await (await ProposeAsync(members[0], group, "")).ProblemAsync(400)).ErrorFields().ShouldContain("title");
        var first = (await (await ProposeAsync(members[0], group, "Career talks with parents")).JsonAsync()).GetProperty("proposalId").GetGuid();
        var second = (await (await ProposeAsync(members[1], group, "Using labour-market data")).JsonAsync()).GetProperty("proposalId").GetGuid();
        await (await VoteAsync(outsider, second, true)).ProblemAsync(403);
        await (await VoteAsync(members[2], Guid.NewGuid(), true)).ProblemAsync(404);
        (await (await VoteAsync(members[2], second, true)).JsonAsync()).GetProperty("votes").GetInt32().ShouldBe(2);
        (await (await VoteAsync(members[2], second, true)).JsonAsync()).GetProperty("votes").GetInt32().ShouldBe(2); // once each
        (await (await VoteAsync(members[0], second, true)).JsonAsync()).GetProperty("votes").GetInt32().ShouldBe(3);
        (await (await VoteAsync(members[0], second, false)).JsonAsync()).GetProperty("votes").GetInt32().ShouldBe(2);

        var list = await members[2].Session.PageAsync($"/api/events/groups/{group}/proposals");
        list.Select(p => p.GetProperty("id").GetGuid()).ShouldBe([second, first]);
        list[0].GetProperty("myVote").GetBoolean().ShouldBeTrue();
        list[0].GetProperty("proposerName").GetString().ShouldBe(members[1].DisplayName);

        var other = await sponsor.CreateGroupAsync("Other proposal circle");
        var wrongGroup = await (await sponsor.Session.PostAsJsonAsync($"/api/events/groups/{other}/events",
            new { @event = EventsApi.Input("Elsewhere"), proposalId = second })).ProblemAsync(400);
        wrongGroup.ErrorFields().ShouldContain("proposalId");
        var scheduled = await (await sponsor.Session.PostAsJsonAsync($"/api/events/groups/{group}/events",
            new { @event = EventsApi.Input("Using labour-market data"), proposalId = second })).JsonAsync();
        var eventId = scheduled.GetProperty("eventId").GetGuid();
        await (await sponsor.Session.PostAsJsonAsync($"/api/events/groups/{group}/events",
            new { @event = EventsApi.Input("Again"), proposalId = second })).ProblemAsync(409);
        await (await VoteAsync(members[2], second, false)).ProblemAsync(409);

        var after = await members[2].Session.PageAsync($"/api/events/groups/{group}/proposals");
        after.Select(p => p.GetProperty("id").GetGuid()).ShouldBe([first, second]);
        after[1].GetProperty("eventId").GetGuid().ShouldBe(eventId);
        var told = await members[1].WaitForNotificationAsync("sessionTopicScheduled", "Using labour-market data");
        told.GetProperty("path").GetString()!.ShouldEndWith($"/events/{eventId}");
        await Eventually.TrueAsync(async () => (await sponsor.Session.PageAsync($"/api/engagement/groups/{group}/activity?limit=50"))
            .Count(i => i.GetProperty("verb").GetString() == "proposed-session-topic") == 2, "the proposals in the group's stream");
    }

    private static object Item(string title, int minutes, string? lead = null, string kind = "Discussion") => new { title, minutes, lead, kind };

    private static Task<HttpResponseMessage> SetAgendaAsync(TestMember organiser, Guid eventId, object body) =>
        organiser.Session.PutAsJsonAsync($"/api/events/events/{eventId}/agenda", body);

    private static Task<HttpResponseMessage> SetMaterialsAsync(TestMember organiser, Guid eventId, object body) =>
        organiser.Session.PutAsJsonAsync($"/api/events/events/{eventId}/materials", body);

    private static Task<HttpResponseMessage> MakeBreakoutsAsync(TestMember organiser, Guid eventId, object body) =>
        organiser.Session.PostAsJsonAsync($"/api/events/events/{eventId}/breakouts", body);

    private static Task<HttpResponseMessage> FeedbackAsync(TestMember member, Guid eventId, int rating, string? whatWorked, string? whatToChange) =>
        member.Session.PutAsJsonAsync($"/api/events/events/{eventId}/feedback", new { rating, whatWorked, whatToChange });

    private static Task<HttpResponseMessage> ProposeAsync(TestMember member, Guid group, string title) =>
        member.Session.PostAsJsonAsync($"/api/events/groups/{group}/proposals", new { title, description = "Why it matters" });

    private static Task<HttpResponseMessage> VoteAsync(TestMember member, Guid proposalId, bool vote) =>
        member.Session.PutAsJsonAsync($"/api/events/proposals/{proposalId}/vote", new { vote });
}
