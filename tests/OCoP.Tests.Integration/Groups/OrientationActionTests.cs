using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Groups;

/// <summary>Issue 19, item 8: orientation items tied to what the member does tick themselves and link to where it is done.</summary>
public sealed class OrientationActionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Items_tied_to_actions_tick_themselves_when_the_newcomer_posts_replies_answers_an_event_and_completes_their_profile()
    {
        var facilitator = await app.RegisterConfirmedAsync("Guide Actions");
        var newcomer = await app.RegisterConfirmedAsync("Fresh Actions");
        var group = await facilitator.CreateForumAsync();
        var slug = (await (await facilitator.Session.GetAsync($"/api/membership/groups/{group}")).JsonAsync()).GetProperty("slug").GetString()!;
        (await facilitator.Session.PutAsJsonAsync($"/api/membership/groups/{group}/orientation", new
        {
            checklist = new object[]
            {
                new { id = "hello", text = "Say hello in the forum", action = "IntroduceYourself" },
                new { id = "profile", text = "Tell us what you know", action = "CompleteProfile" },
                new { id = "answer", text = "Answer someone's question", action = "ReplyToSomeone" },
                new { id = "meet", text = "Come to a meeting", action = "RsvpToEvent" },
                new { id = "coffee", text = "Have a coffee with your mentor" },
            },
        })).EnsureSuccessStatusCode();
        await newcomer.JoinForumAsync(group);

        var before = await ChecklistAsync(newcomer, group);
        before.Select(i => (i.Id, i.Done, i.Link)).ShouldBe(
        [
            ("hello", false, $"/groups/{slug}/forum/new"), ("profile", false, "/account/profile"), ("answer", false, $"/groups/{slug}/forum"),
            ("meet", false, $"/groups/{slug}/events"), ("coffee", false, null),
        ]);

        // Opening a topic introduces; it is not yet a reply to anyone.
        var topic = await newcomer.StartTopicNumberAsync(group, "Hello from Fresh", "I teach maths and want to try lesson study.");
        await Eventually.TrueAsync(async () => (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "hello").Done, "introducing ticks 'Say hello'");
        (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "answer").Done.ShouldBeFalse();

        var question = await facilitator.StartTopicNumberAsync(group, "Who has tried a research lesson?");
        (await newcomer.ReplyAsync(group, question, "I have, last spring.")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "answer").Done, "replying ticks 'Answer someone'");

        (await newcomer.Session.PutAsJsonAsync("/api/membership/members/me", new
        {
            displayName = newcomer.DisplayName, bio = "Maths teacher in Porto.", expertise = new[] { "lesson study" }, interests = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();
        (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "profile").Done.ShouldBeTrue();

        var eventId = Guid.Empty;
        await Eventually.TrueAsync(async () =>
        {
            var scheduled = await facilitator.ScheduleAsync(group, EventsApi.Input("First meeting"));
            eventId = scheduled.IsSuccessStatusCode ? (await scheduled.JsonAsync()).GetProperty("eventId").GetGuid() : Guid.Empty;
            return eventId != Guid.Empty;
        }, "the Events module letting the facilitator schedule");
        await Eventually.TrueAsync(async () => (await newcomer.RsvpAsync(eventId, "Going")).IsSuccessStatusCode, "the Events module knowing the newcomer");
        await Eventually.TrueAsync(async () => (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "meet").Done, "answering an event ticks 'Come to a meeting'");

        // The item without an action is left to the member; the facilitator sees the same progress.
        (await ChecklistAsync(newcomer, group)).Single(i => i.Id == "coffee").Done.ShouldBeFalse();
        var progress = await (await facilitator.Session.GetAsync($"/api/membership/groups/{group}/orientation/progress")).JsonAsync();
        var fresh = progress.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("memberId").GetGuid() == newcomer.Id);
        fresh.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldBe(["Have a coffee with your mentor"]);
    }

    private static async Task<List<(string Id, bool Done, string? Link)>> ChecklistAsync(TestMember member, Guid group)
    {
        var view = await (await member.Session.GetAsync($"/api/membership/groups/{group}/orientation")).JsonAsync();
        return view.GetProperty("checklist").EnumerateArray().Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("done").GetBoolean(),
            i.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null)).ToList();
    }
}
