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

    /// <summary>
    /// Many members of a members-only group, fast: registered, confirmed from the real e-mail and signed in ten at a time
    /// as each finishes (not in batches that wait for their slowest). Instead of waiting for every module to handle each
    /// registration (a scan of Wolverine's envelope tables per member, the slow part), each member is ready once the
    /// Events module itself lets them read the group's calendar: it knows they joined.
    /// </summary>
    public static async Task<List<TestMember>> ReadyMembersOfAsync(this OCoPApp app, Guid membersOnlyGroup, int count, string who)
    {
        var members = new TestMember[count];
        using var oneJoinAtATime = new SemaphoreSlim(1); // joins change the group's document: at once, all but one would get a 409
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, _) =>
        {
            var member = await RegisterSignedInAsync(app, $"{who} {i + 1}");
            await oneJoinAtATime.WaitAsync();
            try
            {
                var joined = await Groups.GroupsApi.JoinAsync(member, membersOnlyGroup);
                joined.IsSuccessStatusCode.ShouldBeTrue(await joined.Content.ReadAsStringAsync());
            }
            finally
            {
                oneJoinAtATime.Release();
            }

            await Eventually.TrueAsync(async () => (await member.Session.GetAsync($"/api/events/groups/{membersOnlyGroup}/events")).IsSuccessStatusCode,
                $"the Events module knowing that {member.DisplayName} joined");
            members[i] = member;
        });
        return [.. members];
    }

    private static async Task<TestMember> RegisterSignedInAsync(OCoPApp app, string displayName)
    {
        var session = app.CreateSession();
        var email = Members.NewEmail();
        var memberId = await (await session.PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName }))
            .RegisteredIdAsync();
        var (_, token) = await Members.ConfirmationLinkAsync(app, email, memberId);
        (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email, password = Members.Password })).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.NoContent);
        return new TestMember(memberId, email, Members.Password, displayName, session);
    }
}
