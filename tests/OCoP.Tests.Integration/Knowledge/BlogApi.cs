using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The group blog API as tests use it.</summary>
internal static class BlogApi
{
    public static string Posts(Guid group) => $"/api/knowledge/groups/{group}/posts";

    public static string Post(Guid group, Guid post) => $"{Posts(group)}/{post}";

    public static Task<HttpResponseMessage> WritePostAsync(this HttpClient client, Guid group, string title, string body = "News of the group.",
        bool publish = false, DateTimeOffset? publishAt = null) =>
        client.PostAsJsonAsync(Posts(group), new { title, body, publish, publishAt });

    /// <summary>Writes a post (published unless told otherwise) and answers its id.</summary>
    public static async Task<Guid> PostIdAsync(this TestMember member, Guid group, string title, string body = "News of the group.", bool publish = true)
    {
        var response = await member.Session.WritePostAsync(group, title, body, publish);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> CommentAsync(this HttpClient client, Guid group, Guid post, string body, Guid? parentId = null) =>
        client.PostAsJsonAsync($"{Post(group, post)}/comments", new { body, parentId });

    public static async Task<List<JsonElement>> ItemsAsync(this HttpClient client, string url) =>
        (await (await client.GetAsync(url)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
}
