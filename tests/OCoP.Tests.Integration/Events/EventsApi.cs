using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>Group events through the API, as tests use them.</summary>
internal static class EventsApi
{
    public static object Input(string title = "Case clinic", DateTime? start = null, TimeSpan? length = null, string timeZone = "Europe/Berlin",
        string mode = "Online", int? capacity = null, string? meetingLink = "https://meet.example.org/clinic", string? place = null) =>
        new
        {
            title,
            description = "Bring **one** case.",
            start = (start ?? DateTime.UtcNow.Date.AddDays(10).AddHours(18)).ToString("yyyy-MM-ddTHH:mm:ss"),
            end = ((start ?? DateTime.UtcNow.Date.AddDays(10).AddHours(18)) + (length ?? TimeSpan.FromHours(1))).ToString("yyyy-MM-ddTHH:mm:ss"),
            timeZone,
            mode,
            meetingLink,
            place,
            capacity,
        };

    public static Task<HttpResponseMessage> ScheduleAsync(this TestMember organiser, Guid group, object input, object? recurrence = null) =>
        organiser.Session.PostAsJsonAsync($"/api/events/groups/{group}/events", new { @event = input, recurrence });

    public static async Task<Guid> ScheduleEventAsync(this TestMember organiser, Guid group, object input)
    {
        var scheduled = await (await organiser.ScheduleAsync(group, input)).JsonAsync();
        return scheduled.GetProperty("eventId").GetGuid();
    }

    public static Task<HttpResponseMessage> RsvpAsync(this TestMember member, Guid eventId, string answer) =>
        member.Session.PutAsJsonAsync($"/api/events/events/{eventId}/rsvp", new { answer });

    public static async Task<JsonElement> EventAsync(this HttpClient client, Guid eventId, string? timeZone = null) =>
        await (await client.GetAsync($"/api/events/events/{eventId}{(timeZone is null ? "" : $"?timeZone={timeZone}")}")).JsonAsync();

    public static async Task<List<JsonElement>> PageAsync(this HttpClient client, string url) =>
        [.. (await (await client.GetAsync(url)).JsonAsync()).GetProperty("items").EnumerateArray()];

    /// <summary>Members who joined the group (open), registered in batches of ten (as ReadYourWritesTests does) so the SMTP server and the database keep up.</summary>
    public static async Task<List<TestMember>> MembersOfAsync(this OCoPApp app, Guid group, int count, string who = "Member")
    {
        var members = new List<TestMember>();
        foreach (var batch in Enumerable.Range(1, count).Chunk(10))
        {
            var registered = await Task.WhenAll(batch.Select(i => app.RegisterConfirmedAsync($"{who} {i}")));
            foreach (var member in registered)
            {
                (await Groups.GroupsApi.JoinAsync(member, group)).IsSuccessStatusCode.ShouldBeTrue();
            }

            members.AddRange(registered);
        }

        return members;
    }
}
