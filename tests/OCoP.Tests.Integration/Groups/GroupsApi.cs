using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Groups;

internal static class GroupsApi
{
    public static object Charter(string purpose = "Share what works in inquiry-based science lessons.") => new
    {
        purpose,
        audience = "Secondary science teachers",
        cadence = "Fortnightly calls",
        expectations = "Bring one lesson a month",
    };

    public static async Task<Guid> CreateGroupAsync(this TestMember sponsor, string name = "Inquiry Science", string visibility = "Public",
        string joinPolicy = "Open", int? capacity = null, string[]? topics = null)
    {
        var response = await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new
        {
            name = $"{name} {Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 100)],
            charter = Charter(),
            visibility,
            joinPolicy,
            capacity,
            topics = topics ?? ["science"],
        });
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> JoinAsync(this TestMember member, Guid group, int? acceptCodeOfConductVersion = null, string? message = null,
        bool joinWaitingList = false) =>
        member.Session.PostAsJsonAsync($"/api/membership/groups/{group}/join", new { acceptCodeOfConductVersion, message, joinWaitingList });

    public static Task<HttpResponseMessage> DecideAsync(this TestMember facilitator, Guid group, Guid member, bool approve, string? message = null) =>
        facilitator.Session.PostAsJsonAsync($"/api/membership/groups/{group}/join-requests/{member}/decide", new { approve, message });

    public static Task<HttpResponseMessage> SetRolesAsync(this TestMember actor, Guid group, Guid member, params string[] roles) =>
        actor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/members/{member}/roles", new { roles });

    public static Task<HttpResponseMessage> SettingsAsync(this TestMember actor, Guid group, string visibility = "Public", string joinPolicy = "Open",
        int? capacity = null) =>
        actor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/settings", new { visibility, joinPolicy, capacity });

    public static async Task<JsonElement> GroupAsync(this HttpClient client, Guid group) => await (await client.GetAsync($"/api/membership/groups/{group}")).JsonAsync();

    public static async Task<string[]> MemberStatesAsync(this TestMember facilitator, Guid group, string state) =>
        (await (await facilitator.Session.GetAsync($"/api/membership/groups/{group}/members?state={state}&limit=100")).JsonAsync())
        .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("memberId").GetGuid().ToString()).ToArray();

    public static async Task<string> StateAsync(this HttpResponseMessage response) => (await response.JsonAsync()).GetProperty("state").GetString()!;
}
