using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Search;

namespace OCoP.Tests.Integration.Events;

/// <summary>Events in /search: found by title and description, by those who may read the group, gone when cancelled.</summary>
public sealed class EventSearchTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task An_event_is_found_by_those_who_may_read_its_group_follows_its_changes_and_leaves_when_cancelled()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Findable");
        var outsider = await app.RegisterConfirmedAsync("Findable outsider");
        var open = await sponsor.CreateGroupAsync("Findable circle");
        var secret = await sponsor.CreateGroupAsync("Findable secret", visibility: "Secret");
        var word = SearchApi.Word();
        var publicEvent = await sponsor.ScheduleEventAsync(open, EventsApi.Input($"Clinic on {word}"));
        var hiddenEvent = await sponsor.ScheduleEventAsync(secret, EventsApi.Input($"Secret clinic on {word}"));

        var found = await sponsor.Session.EventuallyResultsAsync(word, r => r.Count == 2, "both events in the sponsor's search", "&kind=event");
        found.ShouldAllBe(r => r.Kind() == "event");
        found.Select(r => r.Id()).ShouldBe([publicEvent, hiddenEvent], ignoreOrder: true);
        found.Single(r => r.Id() == publicEvent).Path().ShouldBe((await sponsor.Session.EventAsync(publicEvent)).GetProperty("path").GetString());
        (await outsider.Session.ResultsAsync(word, "&kind=event")).Select(r => r.Id()).ShouldBe([publicEvent]);
        (await app.CreateSession().ResultsAsync(word, "&kind=event")).Select(r => r.Id()).ShouldBe([publicEvent]);

        var renamed = SearchApi.Word();
        var input = EventsApi.Input($"Clinic on {renamed}");
        (await sponsor.Session.PutAsJsonAsync($"/api/events/events/{publicEvent}", new { @event = input })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await sponsor.Session.EventuallyResultsAsync(renamed, r => r.Count == 1, "the new title in search", "&kind=event");

        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{publicEvent}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await sponsor.Session.EventuallyResultsAsync(renamed, r => r.Count == 0, "the cancelled event gone from search", "&kind=event");
    }
}
