using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The Discussions API as tests use it. The forum learns groups and memberships from Membership's events, a moment
/// after Membership commits them, so helpers that change a group wait until the forum shows the change.
/// </summary>
internal static class DiscussionsApi
{
    public static string Forum(Guid group) => $"/api/discussions/groups/{group}";

    public static string Topic(Guid group, int topic) => $"{Forum(group)}/topics/{topic}";

    public static string Post(Guid group, int topic, int post) => $"{Topic(group, topic)}/posts/{post}";

    /// <summary>A group with a forum, its creator (sponsor and facilitator) already known to the forum.</summary>
    public static async Task<Guid> CreateForumAsync(this TestMember sponsor, string visibility = "Public", string joinPolicy = "Open")
    {
        var group = await sponsor.CreateGroupAsync("Forum Group", visibility, joinPolicy);
        await sponsor.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
        return group;
    }

    public static async Task JoinForumAsync(this TestMember member, Guid group)
    {
        (await member.JoinAsync(group)).EnsureSuccessStatusCode();
        await member.WaitForViewerAsync(group, v => v.GetProperty("isMember").GetBoolean());
    }

    /// <summary>Sets roles through Membership and waits until the forum knows them.</summary>
    public static async Task SetForumRolesAsync(this TestMember actor, TestMember member, Guid group, params string[] roles)
    {
        (await actor.SetRolesAsync(group, member.Id, roles)).EnsureSuccessStatusCode();
        await member.WaitForViewerAsync(group, v =>
            v.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order().SequenceEqual(roles.Order()));
    }

    public static async Task WaitForViewerAsync(this TestMember member, Guid group, Func<JsonElement, bool> condition) =>
        await Eventually.TrueAsync(async () =>
        {
            var response = await member.Session.GetAsync(Forum(group));
            return response.IsSuccessStatusCode && condition((await response.JsonAsync()).GetProperty("viewer"));
        }, $"the forum of {group} to show the expected viewer for {member.DisplayName}");

    public static Task<HttpResponseMessage> StartTopicAsync(this TestMember member, Guid group, string title = "How do you start a session?",
        string body = "I open with a question. What do you do?", string kind = "Discussion", object? poll = null, Guid? categoryId = null,
        string[]? tags = null) =>
        member.Session.PostAsJsonAsync($"{Forum(group)}/topics", new { kind, title, body, categoryId, tags, poll });

    public static async Task<int> StartTopicNumberAsync(this TestMember member, Guid group, string title = "How do you start a session?",
        string body = "I open with a question. What do you do?", string kind = "Discussion", object? poll = null) =>
        (await (await member.StartTopicAsync(group, title, body, kind, poll)).JsonAsync()).GetProperty("number").GetInt32();

    public static Task<HttpResponseMessage> ReplyAsync(this TestMember member, Guid group, int topic, string body = "Thanks, that helps.",
        int? replyTo = null, object? quote = null) =>
        member.Session.PostAsJsonAsync($"{Topic(group, topic)}/posts", new { body, replyTo, quote });

    public static async Task<int> ReplyNumberAsync(this TestMember member, Guid group, int topic, string body = "Thanks, that helps.",
        int? replyTo = null, object? quote = null) =>
        (await (await member.ReplyAsync(group, topic, body, replyTo, quote)).JsonAsync()).GetProperty("number").GetInt32();

    public static async Task<JsonElement> TopicPageAsync(this HttpClient client, Guid group, int topic, string query = "") =>
        await (await client.GetAsync($"{Topic(group, topic)}{query}")).JsonAsync();

    public static async Task<JsonElement> TopicListAsync(this HttpClient client, Guid group, string query = "") =>
        await (await client.GetAsync($"{Forum(group)}/topics{query}")).JsonAsync();
}

internal static class Eventually
{
    /// <summary>Polls until the condition holds: for what other modules learn from events, a moment after the fact.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Waited in vain for {what}.");
    }
}
