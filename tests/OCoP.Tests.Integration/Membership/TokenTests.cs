using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

public sealed class TokenTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_token_is_shown_once_is_accepted_as_a_bearer_and_stops_working_when_revoked()
    {
        var member = await app.RegisterConfirmedAsync("Integrator");
        var created = await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "CI sync", scopes = new[] { "read", "write" }, expiresInDays = 30 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.JsonAsync();
        var token = body.GetProperty("token").GetString()!;
        token.ShouldStartWith("ocop_pat_");

        var list = await (await member.Session.GetAsync("/api/membership/tokens")).JsonAsync();
        var listed = list.GetProperty("items").EnumerateArray().Single();
        listed.GetProperty("name").GetString().ShouldBe("CI sync");
        listed.ToString().ShouldNotContain(token); // never shown again
        listed.GetProperty("hint").GetString().ShouldBe(token[..13]);

        var bearer = app.CreateClient().WithBearer(token);
        var me = await (await bearer.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("id").GetGuid().ShouldBe(member.Id);
        (await bearer.PutJsonAsync("/api/membership/members/me", new { displayName = "Integrator (via token)" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var id = body.GetProperty("id").GetGuid();
        (await member.Session.DeleteAsync($"/api/membership/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await bearer.GetAsync("/api/membership/members/me")).ProblemAsync(401);
    }

    [Fact]
    public async Task A_read_only_token_may_read_but_not_write()
    {
        var member = await app.RegisterConfirmedAsync("Reader");
        var token = await CreateTokenAsync(member, ["read"], 30);
        var bearer = app.CreateClient().WithBearer(token);
        (await bearer.GetAsync("/api/membership/members/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await bearer.PutJsonAsync("/api/membership/members/me", new { displayName = "Should not change" })).ProblemAsync(403);
        var me = await (await member.Session.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("displayName").GetString().ShouldBe("Reader");
    }

    [Fact]
    public async Task A_token_cannot_mint_another_token()
    {
        var member = await app.RegisterConfirmedAsync("Minter");
        var bearer = app.CreateClient().WithBearer(await CreateTokenAsync(member, ["write"], 30));
        await (await bearer.PostAsJsonAsync("/api/membership/tokens", new { name = "child", scopes = new[] { "read" }, expiresInDays = 1 })).ProblemAsync(403);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var member = await app.RegisterConfirmedAsync("Expiring");
        var bearer = app.CreateClient().WithBearer(await CreateTokenAsync(member, ["read"], 1));
        (await bearer.GetAsync("/api/membership/members/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            app.Clock.Advance(TimeSpan.FromDays(2));
            await (await bearer.GetAsync("/api/membership/members/me")).ProblemAsync(401);
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromDays(2));
        }
    }

    [Fact]
    public async Task Someone_elses_token_cannot_be_revoked_and_a_made_up_token_is_401()
    {
        var owner = await app.RegisterConfirmedAsync("Owner");
        var other = await app.RegisterConfirmedAsync("Other");
        var created = await (await owner.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "mine", scopes = new[] { "read" }, expiresInDays = 5 })).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        await (await other.Session.DeleteAsync($"/api/membership/tokens/{id}")).ProblemAsync(404);
        (await app.CreateClient().WithBearer(created.GetProperty("token").GetString()!).GetAsync("/api/membership/members/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await app.CreateClient().WithBearer("ocop_pat_" + new string('0', 64)).GetAsync("/api/membership/members/me")).ProblemAsync(401);
        await (await app.CreateClient().WithBearer("something else").GetAsync("/api/membership/members/me")).ProblemAsync(401);
    }

    [Fact]
    public async Task Invalid_token_requests_name_the_bad_fields()
    {
        var member = await app.RegisterConfirmedAsync("Sloppy");
        var problem = await (await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "", scopes = new[] { "admin" }, expiresInDays = 0 }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["expiresInDays", "name", "scopes[0]"]);
    }

    private static async Task<string> CreateTokenAsync(TestMember member, string[] scopes, int days)
    {
        var created = await (await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "test", scopes, expiresInDays = days })).JsonAsync();
        return created.GetProperty("token").GetString()!;
    }
}
