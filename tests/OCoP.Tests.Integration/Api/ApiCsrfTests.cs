using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;

namespace OCoP.Tests.Integration.Api;

/// <summary>
/// Cross-site request forgery on the API (issue 18, item 7; docs/adr/0027-api-csrf.md): an unsafe request signed in by the
/// session cookie needs the site's own Origin (or Sec-Fetch-Site: same-origin, or an antiforgery header); a bearer-token
/// request needs none of them; reads are unaffected.
/// </summary>
public sealed class ApiCsrfTests(SharedOCoPApp app)
{
    [Fact]
    public async Task A_cookie_signed_unsafe_request_without_an_origin_or_from_another_site_is_a_403_and_changes_nothing()
    {
        var member = await app.RegisterConfirmedAsync("Csrf Target");
        var session = member.Session;
        session.DefaultRequestHeaders.Remove("Origin");

        var noOrigin = await session.PutAsJsonAsync(TokensApi.Me, new { displayName = "Renamed Without Origin" });
        (await noOrigin.ProblemAsync(403)).GetProperty("title").GetString().ShouldBe("Cross-site request refused");

        using var foreign = new HttpRequestMessage(HttpMethod.Put, TokensApi.Me) { Content = JsonContent.Create(new { displayName = "Renamed By Evil" }) };
        foreign.Headers.Add("Origin", "http://evil.example");
        foreign.Headers.Add("Sec-Fetch-Site", "cross-site");
        await (await session.SendAsync(foreign)).ProblemAsync(403);

        var me = await (await session.GetAsync(TokensApi.Me)).JsonAsync();
        me.GetProperty("displayName").GetString().ShouldBe("Csrf Target");
    }

    [Fact]
    public async Task A_cookie_signed_unsafe_request_from_the_site_itself_is_accepted()
    {
        var member = await app.RegisterConfirmedAsync("Csrf Friend");
        var session = member.Session;
        session.DefaultRequestHeaders.Remove("Origin");

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Put, TokensApi.Me) { Content = JsonContent.Create(new { displayName = "Same Origin" }) };
        sameOrigin.Headers.Add("Origin", "http://localhost");
        (await session.SendAsync(sameOrigin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var fetchMetadata = new HttpRequestMessage(HttpMethod.Put, TokensApi.Me) { Content = JsonContent.Create(new { displayName = "Fetch Metadata" }) };
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "same-origin");
        (await session.SendAsync(fetchMetadata)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Reads need nothing.
        (await session.GetAsync(TokensApi.Me)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_bearer_token_request_needs_no_origin()
    {
        var member = await app.RegisterConfirmedAsync("Csrf Integrator");
        var (_, token) = await member.CreateTokenAsync(["read", "write"]);
        var client = app.CreateClient().WithBearer(token);

        var group = await client.PostAsJsonAsync("/api/membership/groups", new { name = $"Token group {Guid.NewGuid():N}"[..30], charter = GroupsApi.Charter() });

        group.StatusCode.ShouldBe(HttpStatusCode.Created, await group.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_unsafe_requests_are_not_affected()
    {
        var response = await app.CreateClient().PostAsJsonAsync(TokensApi.SignIn, new { email = "nobody@example.org", password = "wrong pass phrase" });

        ((int)response.StatusCode).ShouldNotBe(403);
    }
}
