using System.Net;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>The last seats under a rush: the capacity holds and the waiting list keeps the order answers were taken in.</summary>
public sealed class RsvpConcurrencyTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Two_hundred_concurrent_answers_on_a_capacity_of_one_hundred_never_exceed_it_and_keep_arrival_order()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Rush");
        var group = await sponsor.CreateGroupAsync("Rush", visibility: "MembersOnly");
        var members = await app.ReadyMembersOfAsync(group, 200, "Rusher");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Popular clinic", capacity: 100));

        var answers = await Task.WhenAll(members.Select(async member =>
        {
            var response = await member.RsvpAsync(eventId, "Going");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var body = await response.JsonAsync();
            return (Member: member.Id, Waiting: body.GetProperty("waiting").GetBoolean(),
                Place: body.TryGetProperty("waitingPlace", out var place) && place.ValueKind == System.Text.Json.JsonValueKind.Number ? place.GetInt32() : 0);
        }));

        answers.Count(a => !a.Waiting).ShouldBe(100);
        var view = await sponsor.Session.EventAsync(eventId);
        view.GetProperty("going").GetInt32().ShouldBe(100);
        view.GetProperty("waiting").GetInt32().ShouldBe(100);

        // Each waiting member was told their place when answered, and the list holds them in exactly that order: the
        // order in which their answers were taken (an answer is never told a place someone later overtakes).
        var attendees = await sponsor.Session.PageAsync($"/api/events/events/{eventId}/attendees?limit=100&cursor=" +
            (await (await sponsor.Session.GetAsync($"/api/events/events/{eventId}/attendees?limit=100")).JsonAsync()).GetProperty("nextCursor").GetString());
        var waitingList = attendees.Where(a => a.GetProperty("waiting").GetBoolean()).Select(a => a.GetProperty("memberId").GetGuid()).ToList();
        waitingList.Count.ShouldBe(100);
        waitingList.ShouldBe(answers.Where(a => a.Waiting).OrderBy(a => a.Place).Select(a => a.Member).ToList());
        answers.Where(a => a.Waiting).Select(a => a.Place).Order().ShouldBe(Enumerable.Range(1, 100));

        // Seats freed one by one go to the waiting list's head, in its order.
        var seated = answers.Where(a => !a.Waiting).Take(3).ToList();
        foreach (var (leaving, index) in seated.Select((s, i) => (s, i)))
        {
            (await members.Single(m => m.Id == leaving.Member).RsvpAsync(eventId, "NotGoing")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var promoted = members.Single(m => m.Id == waitingList[index]);
            (await promoted.Session.EventAsync(eventId)).GetProperty("myRsvp").GetProperty("waiting").GetBoolean().ShouldBeFalse();
        }

        (await sponsor.Session.EventAsync(eventId)).GetProperty("going").GetInt32().ShouldBe(100);
    }
}
