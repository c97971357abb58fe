using System.Net.Http.Json;
using System.Text.Json;

namespace OCoP.Tests.Integration.Infrastructure;

internal static class Http
{
    /// <summary>Reads an RFC 9457 problem and checks its media type and status.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        return problem;
    }

    /// <summary>The field names of a validation problem's errors.</summary>
    public static string[] ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string url, T body) => client.PutAsJsonAsync(url, body);

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
