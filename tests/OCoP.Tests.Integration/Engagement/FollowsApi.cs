using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>Follows and activity streams as tests use them. Engagement learns members, groups and topics from events, a moment later.</summary>
internal static class FollowsApi
{
    public const string Follows = "/api/engagement/follows";
    public const string Feed = "/api/engagement/feed";

    /// <summary>One follow: /follows/{target}/{targetId}.</summary>
    public static string Follow(string target, object id) => $"{Follows}/{Uri.EscapeDataString(target)}/{Uri.EscapeDataString(id.ToString()!)}";

    public static string GroupActivity(Guid group) => $"/api/engagement/groups/{group}/activity";

    public static string MemberActivity(Guid member) => $"/api/engagement/members/{member}/activity";

    public static Task<HttpResponseMessage> FollowAsync(this TestMember member, string target, object id, string level = "normal") =>
        member.Session.PutAsJsonAsync(Follow(target, id), new { level });

    public static Task<HttpResponseMessage> UnfollowAsync(this TestMember member, string target, object id) =>
        member.Session.DeleteAsync(Follow(target, id));

    /// <summary>Follows once Engagement knows the thing (its creation event may still be on its way).</summary>
    public static async Task FollowWhenKnownAsync(this TestMember member, string target, object id, string level = "normal") =>
        await Eventually.TrueAsync(async () => (await member.FollowAsync(target, id, level)).IsSuccessStatusCode,
            $"{member.DisplayName} to follow {target} {id}");

    public static async Task<List<JsonElement>> FollowListAsync(this TestMember member, string? target = null) =>
        await member.Session.ItemsAsync(target is null ? $"{Follows}?limit=100" : $"{Follows}?target={target}&limit=100");

    /// <summary>The member's follow of the thing, or null.</summary>
    public static async Task<JsonElement?> FollowOfAsync(this TestMember member, string target, Guid id)
    {
        var key = id.ToString("N");
        return (await member.FollowListAsync(target)).Where(f => f.GetProperty("id").GetString() == key).Select(f => (JsonElement?)f).FirstOrDefault();
    }

    public static async Task WaitForFollowAsync(this TestMember member, string target, Guid id, Func<JsonElement?, bool> condition, string what) =>
        await Eventually.TrueAsync(async () => condition(await member.FollowOfAsync(target, id)), $"{member.DisplayName}: {what}");

    public static async Task<List<JsonElement>> ItemsAsync(this HttpClient client, string url) =>
        (await (await client.GetAsync(url)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static async Task<string[]> FeedTitlesAsync(this TestMember member) =>
        [.. (await member.Session.ItemsAsync($"{Feed}?limit=100")).Select(i => $"{i.GetProperty("verb").GetString()}: {i.GetProperty("title").GetString()}")];

    public static async Task WaitForFeedAsync(this TestMember member, string entry) =>
        await Eventually.TrueAsync(async () => (await member.FeedTitlesAsync()).Contains(entry), $"\"{entry}\" in {member.DisplayName}'s feed");

    public static Task<HttpResponseMessage> LeaveAsync(this TestMember member, Guid group) =>
        member.Session.PostAsync($"/api/membership/groups/{group}/leave", null);

    /// <summary>Starts a topic through Discussions and returns its id and number.</summary>
    public static async Task<(Guid Id, int Number)> StartTopicIdAsync(this TestMember member, Guid group, string title, string[]? tags = null)
    {
        var topic = await (await member.StartTopicAsync(group, title, "What do you think?", tags: tags)).JsonAsync();
        return (topic.GetProperty("topicId").GetGuid(), topic.GetProperty("number").GetInt32());
    }
}
