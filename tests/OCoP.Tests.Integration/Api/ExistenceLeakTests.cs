using System.Text;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Api;

/// <summary>
/// No existence signal (issue 18, item 3): every operation of the OpenAPI document that takes a group id answers an
/// anonymous visitor, an outsider and a former member exactly the same (status, title, detail) for a secret group, with a
/// topic in it, as for a random id, for reads and for writes alike.
/// </summary>
public sealed class ExistenceLeakTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_secret_group_answers_like_a_random_id_on_every_group_route_for_those_who_may_not_see_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Secret Keeper");
        var outsider = await app.RegisterConfirmedAsync("Secret Outsider");
        var former = await app.RegisterConfirmedAsync("Secret Former");
        var secret = await sponsor.CreateForumAsync();
        (await former.JoinAsync(secret)).EnsureSuccessStatusCode();
        (await former.Session.PostAsync($"/api/membership/groups/{secret}/leave", null)).EnsureSuccessStatusCode();
        (await sponsor.SettingsAsync(secret, visibility: "Secret", joinPolicy: "ByInvitation")).EnsureSuccessStatusCode();
        await sponsor.StartTopicNumberAsync(secret, "Secret topic title", "Secret body text");
        await app.MessagesHandledAsync(secret, "the secret group's changes in every module");
        var random = Guid.NewGuid();

        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var callers = new Dictionary<string, HttpClient> { ["anonymous"] = app.CreateClient(), ["outsider"] = outsider.Session, ["former member"] = former.Session };
        var differences = new List<string>();
        var compared = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains("{groupId}", StringComparison.Ordinal)))
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                foreach (var (who, client) in callers)
                {
                    var forSecret = await AnswerAsync(client, method.Name, Url(path.Name, secret), method.Value);
                    var forRandom = await AnswerAsync(client, method.Name, Url(path.Name, random), method.Value);
                    compared++;
                    if (forSecret != forRandom)
                    {
                        differences.Add($"{method.Name.ToUpperInvariant()} {path.Name} as {who}: secret {forSecret} / random {forRandom}");
                    }
                }
            }
        }

        compared.ShouldBeGreaterThan(60);
        differences.ShouldBeEmpty(string.Join("\n", differences));
    }

    private static string Url(string template, Guid group) => template
        .Replace("{groupId}", group.ToString(), StringComparison.Ordinal)
        .Replace("{topicNumber}", "1", StringComparison.Ordinal)
        .Replace("{postNumber}", "1", StringComparison.Ordinal)
        .Replace("{memberId}", "6f1d2c8e-0000-4000-8000-000000000001", StringComparison.Ordinal)
        .Replace("{categoryId}", "6f1d2c8e-0000-4000-8000-000000000002", StringComparison.Ordinal)
        .Replace("{postId}", "6f1d2c8e-0000-4000-8000-000000000003", StringComparison.Ordinal)
        .Replace("{itemId}", "item", StringComparison.Ordinal);

    /// <summary>What a caller can learn from an answer: its status and the problem's title and detail.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, string method, string url, JsonElement operation)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (operation.TryGetProperty("requestBody", out _))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = JsonDocument.Parse(body).RootElement;
            string? Text(string name) => problem.TryGetProperty(name, out var value) ? value.ToString() : null;
            return $"{(int)response.StatusCode} {Text("title")} {Text("detail")} {Text("errors")}";
        }

        return $"{(int)response.StatusCode} {body}";
    }
}
