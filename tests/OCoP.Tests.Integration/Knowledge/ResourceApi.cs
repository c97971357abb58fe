using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The resource directory API as tests use it.</summary>
internal static class ResourceApi
{
    public static string Resources(Guid group) => $"/api/knowledge/groups/{group}/resources";

    public static string Resource(Guid group, Guid resource) => $"{Resources(group)}/{resource}";

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Guid group, string title, string? url = "https://example.org/guide",
        string kind = "Link", string[]? tags = null, string description = "A useful guide.") =>
        client.PostAsJsonAsync(Resources(group), new { kind, title, description, url, tags = tags ?? ["careers"], audience = "Advisers", level = "Beginner" });

    public static async Task<Guid> ResourceIdAsync(this TestMember member, Guid group, string title, string? url = "https://example.org/guide",
        string kind = "Link", string[]? tags = null)
    {
        var response = await member.Session.SubmitAsync(group, title, url, kind, tags);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> RateAsync(this HttpClient client, Guid group, Guid resource, int stars, string? review = null) =>
        client.PutAsJsonAsync($"{Resource(group, resource)}/rating", new { stars, review });

    public static Task<HttpResponseMessage> FlagAsync(this HttpClient client, Guid group, Guid resource, string concern, string? note = null) =>
        client.PostAsJsonAsync($"{Resource(group, resource)}/concerns", new { concern, note });

    public static Task<HttpResponseMessage> VetAsync(this HttpClient client, Guid group, Guid resource, bool vetted = true) =>
        client.PutAsJsonAsync($"{Resource(group, resource)}/vetting", new { vetted });

    public static async Task<JsonElement> ReadResourceAsync(this HttpClient client, Guid group, Guid resource) =>
        await (await client.GetAsync(Resource(group, resource))).JsonAsync();

    public static async Task<string[]> TitlesAsync(this HttpClient client, Guid group, string query = "") =>
        [.. (await (await client.GetAsync($"{Resources(group)}{query}")).JsonAsync()).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("title").GetString()!)];
}
