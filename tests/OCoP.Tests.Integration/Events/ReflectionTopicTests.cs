using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Events;

/// <summary>
/// Issue 14, item 12: once a session has begun, an organiser opens a reflection topic in the group's forum; Events asks
/// Discussions by message (docs/adr/0066) and shows the topic's link when it is there.
/// </summary>
public sealed class ReflectionTopicTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task An_organiser_opens_the_reflection_topic_once_the_event_has_begun_and_everyone_sees_its_link_in_the_forum_once()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Reflection");
        var group = await sponsor.CreateGroupAsync("Reflection circle");
        var members = await app.MembersOfAsync(group, 2, "Reflecting member");
        var eventId = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Clinic to reflect on", start: DateTime.UtcNow.AddMinutes(10), timeZone: "UTC"));
        var code = (await sponsor.Session.EventAsync(eventId)).GetProperty("checkInCode").GetString()!;
        foreach (var member in members)
        {
            (await member.Session.PostAsJsonAsync($"/api/events/events/{eventId}/check-in", new { code })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await members[0].Session.PutAsJsonAsync($"/api/events/events/{eventId}/feedback",
            new { rating = 4, whatWorked = "My private remark about the case", whatToChange = (string?)null })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await members[1].Session.PutAsJsonAsync($"/api/events/events/{eventId}/feedback",
            new { rating = 5, whatWorked = (string?)null, whatToChange = (string?)null })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Before the start: not yet, and nobody is offered the button.
        (await sponsor.Session.EventAsync(eventId)).GetProperty("canOpenReflectionTopic").GetBoolean().ShouldBeFalse();
        await (await OpenAsync(sponsor, eventId)).ProblemAsync(409);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        try
        {
            var before = await sponsor.Session.EventAsync(eventId);
            before.GetProperty("canOpenReflectionTopic").GetBoolean().ShouldBeTrue();
            before.GetProperty("reflectionTopic").ValueKind.ShouldBe(JsonValueKind.Null);
            (await members[0].Session.EventAsync(eventId)).GetProperty("canOpenReflectionTopic").GetBoolean().ShouldBeFalse();

            // A member who does not organise it may not; an unknown event is not found.
            await (await OpenAsync(members[0], eventId)).ProblemAsync(403);
            await (await OpenAsync(sponsor, Guid.NewGuid())).ProblemAsync(404);

            var opened = await OpenAsync(sponsor, eventId);
            opened.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            opened.Headers.Location!.OriginalString.ShouldBe($"/api/events/events/{eventId}");
            await (await OpenAsync(sponsor, eventId)).ProblemAsync(409); // asked for already

            var url = await Eventually.FoundAsync(async () =>
            {
                var seen = await members[1].Session.EventAsync(eventId);
                return seen.GetProperty("reflectionTopic") is { ValueKind: JsonValueKind.Object } topic ? topic.GetProperty("url").GetString() : null;
            }, "the event to show the reflection topic's link");
            var title = (await members[1].Session.EventAsync(eventId)).GetProperty("reflectionTopic").GetProperty("title").GetString()!;
            title.ShouldStartWith("Reflection: Clinic to reflect on (");
            url.ShouldStartWith("/groups/");
            var number = int.Parse(url[(url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

            // The topic is in the group's forum, started by the organiser, with the numbers and no one's comment.
            var page = await app.CreateClient().TopicPageAsync(group, number);
            page.GetProperty("topic").GetProperty("title").GetString().ShouldBe(title);
            page.GetProperty("topic").GetProperty("authorId").GetGuid().ShouldBe(sponsor.Id);
            page.GetProperty("topic").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldContain("reflection");
            var opening = page.GetProperty("posts")[0].GetProperty("html").GetString()!;
            opening.ShouldContain("2 of 2 present answered, average rating 4.5 of 5");
            opening.ShouldContain("To reflect on:");
            opening.ShouldNotContain("private remark");

            var after = await sponsor.Session.EventAsync(eventId);
            after.GetProperty("canOpenReflectionTopic").GetBoolean().ShouldBeFalse();
            after.GetProperty("reflectionTopic").GetProperty("url").GetString().ShouldBe(url);
            await (await OpenAsync(sponsor, eventId)).ProblemAsync(409); // open already

            // The command delivered again (a redelivery after a crash) starts no second topic.
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(
                    new StartReflectionTopic(eventId, group, sponsor.Id, title, "Delivered twice."), TestContext.Current.CancellationToken);
            }

            var topics = (await app.CreateClient().TopicListAsync(group, "?limit=100")).GetProperty("items").EnumerateArray().ToList();
            topics.Count(t => t.GetProperty("title").GetString() == title).ShouldBe(1);
            (await sponsor.Session.EventAsync(eventId)).GetProperty("reflectionTopic").GetProperty("url").GetString().ShouldBe(url);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromMinutes(-20));
        }
    }

    [Fact]
    public async Task A_cancelled_event_takes_no_reflection_topic_and_an_event_of_a_secret_group_is_not_found_by_outsiders()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Cancelled Reflection");
        var outsider = await app.RegisterConfirmedAsync("Reflection outsider");
        var group = await sponsor.CreateGroupAsync("Cancelled reflection circle");
        var cancelled = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Called off", start: DateTime.UtcNow.AddMinutes(5), timeZone: "UTC"));
        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{cancelled}/cancel", new { scope = (string?)null })).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        await (await OpenAsync(sponsor, cancelled)).ProblemAsync(409);
        (await sponsor.Session.EventAsync(cancelled)).GetProperty("canOpenReflectionTopic").GetBoolean().ShouldBeFalse();

        var secret = await sponsor.CreateGroupAsync("Secret reflection circle", visibility: "Secret");
        var hidden = await sponsor.ScheduleEventAsync(secret, EventsApi.Input("Hidden clinic", start: DateTime.UtcNow.AddMinutes(5), timeZone: "UTC"));
        await (await OpenAsync(outsider, hidden)).ProblemAsync(404);
    }

    private static Task<HttpResponseMessage> OpenAsync(TestMember member, Guid eventId) =>
        member.Session.PostAsync($"/api/events/events/{eventId}/reflection-topic", null);
}
