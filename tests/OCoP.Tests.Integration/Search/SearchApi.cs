using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Search;

/// <summary>The search API as tests use it: words nobody else wrote, and waits for the index to catch up with events.</summary>
internal static class SearchApi
{
    /// <summary>A word of letters only that no other test writes (full-text search ignores digits inside words differently).</summary>
    public static string Word(string prefix = "zq") =>
        prefix + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray())[..10] + "x";

    public static string Url(string q, string extra = "") => $"/api/engagement/search?q={Uri.EscapeDataString(q)}{extra}";

    public static async Task<JsonElement> SearchAsync(this HttpClient client, string q, string extra = "")
    {
        var response = await client.GetAsync(Url(q, extra));
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public static async Task<List<JsonElement>> ResultsAsync(this HttpClient client, string q, string extra = "") =>
        (await client.SearchAsync(q, extra)).GetProperty("items").EnumerateArray().ToList();

    /// <summary>Waits until the search for these words answers what the condition wants, and returns that answer.</summary>
    public static async Task<List<JsonElement>> EventuallyResultsAsync(this HttpClient client, string q, Func<List<JsonElement>, bool> condition,
        string what, string extra = "")
    {
        List<JsonElement> results = [];
        await Eventually.TrueAsync(async () => condition(results = await client.ResultsAsync(q, extra)), what);
        return results;
    }

    public static string Kind(this JsonElement result) => result.GetProperty("kind").GetString()!;

    public static Guid Id(this JsonElement result) => result.GetProperty("id").GetGuid();

    public static string Path(this JsonElement result) => result.GetProperty("path").GetString()!;
}
