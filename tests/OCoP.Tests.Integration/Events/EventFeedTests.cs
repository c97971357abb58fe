using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>iCalendar as calendar clients see it: .ics per event, secret feeds per group and per member, updates and cancellations.</summary>
public sealed class EventFeedTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Group_and_member_feeds_show_an_update_and_a_cancellation_as_a_calendar_client_would()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Feed");
        var group = await sponsor.CreateGroupAsync("Feeds", visibility: "MembersOnly");
        var member = (await app.MembersOfAsync(group, 1, "Subscriber"))[0];
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Feed clinic"));
        (await member.RsvpAsync(eventId, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var groupFeed = (await (await member.Session.PostAsync($"/api/events/groups/{group}/feeds", null)).JsonAsync()).GetProperty("url").GetString()!;
        var myFeed = (await (await member.Session.PostAsync("/api/events/feeds", null)).JsonAsync()).GetProperty("url").GetString()!;
        var client = app.CreateClient(); // a calendar client: no cookie, only the secret URL

        foreach (var feed in new[] { groupFeed, myFeed })
        {
            var first = await OnlyEventAsync(client, feed);
            first.Uid.ShouldBe($"{eventId:N}@ocop");
            first.Sequence.ShouldBe(0);
            first.Summary.ShouldBe("Feed clinic");
            first.Start!.TzId.ShouldBe("Europe/Berlin");
            first.Description!.ShouldContain("https://meet.example.org/clinic"); // the member is going: the link is theirs
        }

        var ics = await client.GetStringAsync(groupFeed);
        ics.ShouldContain("BEGIN:VTIMEZONE");
        ics.ShouldContain("TZID:Europe/Berlin");

        var later = DateTime.UtcNow.Date.AddDays(11).AddHours(19);
        (await sponsor.Session.PutAsJsonAsync($"/api/events/events/{eventId}", new { @event = EventsApi.Input("Feed clinic, moved", later) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var feed in new[] { groupFeed, myFeed })
        {
            var updated = await OnlyEventAsync(client, feed);
            updated.Uid.ShouldBe($"{eventId:N}@ocop");
            updated.Sequence.ShouldBe(1);
            updated.Summary.ShouldBe("Feed clinic, moved");
            updated.Start!.Value.ShouldBe(later);
        }

        await member.WaitForNotificationAsync("eventChanged", "Feed clinic, moved");

        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{eventId}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        foreach (var feed in new[] { groupFeed, myFeed })
        {
            var cancelled = await OnlyEventAsync(client, feed);
            cancelled.Uid.ShouldBe($"{eventId:N}@ocop");
            cancelled.Sequence.ShouldBe(2);
            cancelled.Status.ShouldBe("CANCELLED");
        }

        var single = Ical.Net.Calendar.Load(await (await member.Session.GetAsync($"/api/events/events/{eventId}/ical")).Content.ReadAsStringAsync())!;
        single.Events.Single().Status.ShouldBe("CANCELLED");
    }

    [Fact]
    public async Task A_tampered_or_revoked_feed_url_is_a_404()
    {
        var member = await app.RegisterConfirmedAsync("Feed Owner");
        var created = await (await member.Session.PostAsync("/api/events/feeds", null)).JsonAsync();
        var url = created.GetProperty("url").GetString()!;
        var client = app.CreateClient();
        (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var secret = url.Split('/')[^2];
        var tampered = url.Replace(secret, (secret[0] == 'A' ? 'B' : 'A') + secret[1..]);
        await (await client.GetAsync(tampered)).ProblemAsync(404);

        (await member.Session.DeleteAsync($"/api/events/feeds/{created.GetProperty("feedId").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync(url)).ProblemAsync(404);
    }

    private static async Task<Ical.Net.CalendarComponents.CalendarEvent> OnlyEventAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        return calendar.Events.ShouldHaveSingleItem();
    }
}
