using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The wiki API as tests use it.</summary>
internal static class WikiApi
{
    public static string Pages(Guid group) => $"/api/knowledge/groups/{group}/pages";

    public static string Page(Guid group, string slug) => $"{Pages(group)}/{slug}";

    /// <summary>A public group whose creator is its sponsor, and members with the given roles (all joined and set through Membership).</summary>
    public static async Task<Guid> CreateWikiGroupAsync(this TestMember sponsor, string visibility = "Public") =>
        await sponsor.CreateGroupAsync("Wiki Group", visibility);

    public static async Task JoinWithRolesAsync(this TestMember member, TestMember sponsor, Guid group, params string[] roles)
    {
        (await member.JoinAsync(group)).EnsureSuccessStatusCode();
        if (roles.Length > 0)
        {
            (await sponsor.SetRolesAsync(group, member.Id, roles)).EnsureSuccessStatusCode();
        }
    }

    public static Task<HttpResponseMessage> CreatePageAsync(this TestMember member, Guid group, string title, string body = "Some text.",
        string? parent = null, string? summary = null, bool @protected = false) =>
        member.Session.PostAsJsonAsync(Pages(group), new { title, body, parent, summary, @protected });

    public static async Task<string> CreatePageSlugAsync(this TestMember member, Guid group, string title, string body = "Some text.",
        string? parent = null, bool @protected = false) =>
        (await (await member.CreatePageAsync(group, title, body, parent, null, @protected)).JsonAsync()).GetProperty("slug").GetString()!;

    public static Task<HttpResponseMessage> SavePageAsync(this TestMember member, Guid group, string slug, string title, string body, int baseRevision,
        string? summary = null) =>
        member.Session.PutAsJsonAsync(Page(group, slug), new { title, body, baseRevision, summary });

    public static async Task<JsonElement> ReadPageAsync(this HttpClient client, Guid group, string slug) =>
        await (await client.GetAsync(Page(group, slug))).JsonAsync();

    public static Task<HttpResponseMessage> MovePageAsync(this TestMember member, Guid group, string slug, string? parent, int position) =>
        member.Session.PutAsJsonAsync($"{Page(group, slug)}/position", new { parent, position });

    public static async Task<List<JsonElement>> RevisionsAsync(this HttpClient client, Guid group, string slug, string query = "?limit=100") =>
        (await (await client.GetAsync($"{Page(group, slug)}/revisions{query}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static async Task<List<JsonElement>> TreeAsync(this HttpClient client, Guid group, string query = "?limit=100") =>
        (await (await client.GetAsync($"{Pages(group)}{query}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static string[] Slugs(this JsonElement array) => array.EnumerateArray().Select(p => p.GetProperty("slug").GetString()!).ToArray();
}
