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

/// <summary>Questions, topic state, flags, review, the moderation log and Wolverine messages, as tests use them.</summary>
internal static class DiscussionsModerationApi
{
    /// <summary>Publishes the group's code of conduct through Membership and waits until the forum knows its clauses.</summary>
    public static async Task PublishCodeOfConductAsync(this TestMember sponsor, Guid group, params string[] clauses)
    {
        (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct", new { clauses })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            var forum = await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync();
            return forum.GetProperty("codeOfConduct").EnumerateArray().Select(c => c.GetString()).SequenceEqual(clauses);
        }, $"the forum of {group} to know its code of conduct");
    }

    public static Task<HttpResponseMessage> ChangeForumSettingsAsync(this TestMember actor, Guid group, int? autoCloseAfterIdleDays = null,
        int? flagThreshold = null) =>
        actor.Session.PutAsJsonAsync($"{DiscussionsApi.Forum(group)}/settings", new { autoCloseAfterIdleDays, flagThreshold });

    public static Task<HttpResponseMessage> AcceptAnswerAsync(this TestMember actor, Guid group, int topic, int? postNumber) =>
        actor.Session.PutAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/accepted-answer", new { postNumber });

    public static Task<HttpResponseMessage> ChangeTopicStateAsync(this TestMember actor, Guid group, int topic, bool? pinned = null,
        bool? locked = null, bool? closed = null, string? reason = null) =>
        actor.Session.PutAsJsonAsync($"{DiscussionsApi.Topic(group, topic)}/state", new { pinned, locked, closed, reason });

    public static Task<HttpResponseMessage> FlagAsync(this TestMember member, Guid group, int topic, int post, string reason, int? clause = null,
        string? text = null) =>
        member.Session.PostAsJsonAsync($"{DiscussionsApi.Post(group, topic, post)}/flags", new { reason, clause, text });

    public static Task<HttpResponseMessage> ReviewAsync(this TestMember facilitator, Guid group, Guid postId, string action, int? clause = null,
        string? message = null) =>
        facilitator.Session.PostAsJsonAsync($"{DiscussionsApi.Forum(group)}/review/{postId}/resolve", new { action, clause, message });

    /// <summary>The whole moderation log, newest first.</summary>
    public static async Task<List<JsonElement>> ModerationLogAsync(this TestMember facilitator, Guid group) =>
        (await (await facilitator.Session.GetAsync($"{DiscussionsApi.Forum(group)}/moderation-log?limit=100")).JsonAsync())
        .GetProperty("items").EnumerateArray().ToList();

    /// <summary>The topic numbers of a list, in its order.</summary>
    public static int[] Numbers(this JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()).ToArray();

    /// <summary>Handles a message now, through Wolverine, the way the platform's sweeps and scheduled messages arrive.</summary>
    public static async Task InvokeMessageAsync(this OCoPApp app, object message)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var bus = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Wolverine.IMessageBus>(scope.ServiceProvider);
        await bus.InvokeAsync(message, TestContext.Current.CancellationToken);
    }
}

/// <summary>Categories, edits, deletions, revisions and reactions, and reading the posts of a topic page, as tests use them.</summary>
internal static class DiscussionsPostApi
{
    public static Task<HttpResponseMessage> AddCategoryAsync(this TestMember actor, Guid group, string name, string? description = null,
        int? position = null) =>
        actor.Session.PostAsJsonAsync($"{DiscussionsApi.Forum(group)}/categories", new { name, description, position });

    public static Task<HttpResponseMessage> RenameCategoryAsync(this TestMember actor, Guid group, Guid category, string name,
        string? description = null, int? position = null) =>
        actor.Session.PutAsJsonAsync($"{DiscussionsApi.Forum(group)}/categories/{category}", new { name, description, position });

    public static Task<HttpResponseMessage> DeleteCategoryAsync(this TestMember actor, Guid group, Guid category) =>
        actor.Session.DeleteAsync($"{DiscussionsApi.Forum(group)}/categories/{category}");

    public static Task<HttpResponseMessage> EditPostAsync(this TestMember actor, Guid group, int topic, int post, string body, string? reason = null) =>
        actor.Session.PutAsJsonAsync(DiscussionsApi.Post(group, topic, post), new { body, reason });

    public static Task<HttpResponseMessage> DeletePostAsync(this TestMember actor, Guid group, int topic, int post, string reason) =>
        actor.Session.PostAsJsonAsync(DiscussionsApi.Post(group, topic, post) + "/delete", new { reason });

    public static async Task<List<JsonElement>> RevisionsAsync(this HttpClient client, Guid group, int topic, int post) =>
        (await (await client.GetAsync($"{DiscussionsApi.Post(group, topic, post)}/revisions?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static Task<HttpResponseMessage> ReactAsync(this TestMember member, Guid group, int topic, int post, string kind) =>
        member.Session.PutAsync($"{DiscussionsApi.Post(group, topic, post)}/reactions/{kind}", null);

    public static Task<HttpResponseMessage> UnreactAsync(this TestMember member, Guid group, int topic, int post, string kind) =>
        member.Session.DeleteAsync($"{DiscussionsApi.Post(group, topic, post)}/reactions/{kind}");

    /// <summary>The posts of a topic page, in the page's order.</summary>
    public static List<JsonElement> PostsOf(this JsonElement page) => page.GetProperty("posts").EnumerateArray().ToList();

    /// <summary>The post numbers of a topic page, in the page's order.</summary>
    public static int[] PostNumbers(this JsonElement page) => page.PostsOf().Select(p => p.GetProperty("number").GetInt32()).ToArray();

    /// <summary>One post of a topic page by its number.</summary>
    public static JsonElement PostNumbered(this JsonElement page, int number) =>
        page.PostsOf().Single(p => p.GetProperty("number").GetInt32() == number);
}
