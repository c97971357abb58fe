using System.Net;
using System.Net.Http.Json;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

public sealed class PersonalDataTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task The_export_holds_the_profile_and_token_metadata_but_no_secrets()
    {
        var member = await app.RegisterConfirmedAsync("Exporter");
        var token = await (await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "export me", scopes = new[] { "read" }, expiresInDays = 3 })).JsonAsync();

        var response = await member.Session.GetAsync("/api/membership/members/me/export");
        var export = await response.JsonAsync();
        export.GetProperty("profile").GetProperty("email").GetString().ShouldBe(member.Email);
        export.GetProperty("accessTokens").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("export me");
        export.ToString().ShouldNotContain(token.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task Deleting_the_account_needs_the_password_then_anonymises_it_everywhere()
    {
        var member = await app.RegisterConfirmedAsync("Leaver");
        var viewer = await app.RegisterConfirmedAsync("Stayer");
        var token = (await (await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "t", scopes = new[] { "read" }, expiresInDays = 3 })).JsonAsync())
            .GetProperty("token").GetString()!;

        (await (await member.Session.PostAsJsonAsync("/api/membership/account/delete", new { password = "not my password" })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["password"]);
        (await member.Session.GetAsync("/api/membership/members/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await member.Session.PostAsJsonAsync("/api/membership/account/delete", new { password = member.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var deleted = await MemberEventsProbe.WaitForAsync<MemberDeleted>(e => e.MemberId == member.Id);
        deleted.AnonymousName.ShouldBe("Former member");
        await (await member.Session.GetAsync("/api/membership/members/me")).ProblemAsync(401);
        await (await app.CreateClient().WithBearer(token).GetAsync("/api/membership/members/me")).ProblemAsync(401);
        await (await app.CreateSession().PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password })).ProblemAsync(401);
        await (await viewer.Session.GetAsync($"/api/membership/members/{member.Id}")).ProblemAsync(404);
        var directory = await (await viewer.Session.GetAsync("/api/membership/members?q=leaver")).JsonAsync();
        directory.GetProperty("items").GetArrayLength().ShouldBe(0);

        // The address is free again for a new account.
        (await app.CreateClient().PostAsJsonAsync("/api/membership/account/register", new { email = member.Email, password = Members.Password, displayName = "Back" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

public sealed class SiteAdministratorTests(SiteAdministratorTests.App app) : IClassFixture<SiteAdministratorTests.App>
{
    public sealed class App : OCoPApp
    {
        public const string ConfiguredAdmin = "chair@example.org";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SiteAdministrators:0"] = ConfiguredAdmin,
        };
    }

    [Fact]
    public async Task The_first_account_and_configured_addresses_are_site_administrators_and_nobody_else()
    {
        // This fixture's database is fresh, so the first registration here is the site's first account.
        var first = await app.RegisterConfirmedAsync("Founder");
        var second = await app.RegisterConfirmedAsync("Second");

        (await (await first.Session.GetAsync("/api/membership/members/me")).JsonAsync()).GetProperty("isSiteAdministrator").GetBoolean().ShouldBeTrue();
        (await (await second.Session.GetAsync("/api/membership/members/me")).JsonAsync()).GetProperty("isSiteAdministrator").GetBoolean().ShouldBeFalse();

        var session = app.CreateSession();
        (await session.PostAsJsonAsync("/api/membership/account/register", new { email = App.ConfiguredAdmin, password = Members.Password, displayName = "Chair" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var (memberId, token) = await Members.ConfirmationLinkAsync(app, App.ConfiguredAdmin);
        await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token });
        await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = App.ConfiguredAdmin, password = Members.Password });
        (await (await session.GetAsync("/api/membership/members/me")).JsonAsync()).GetProperty("isSiteAdministrator").GetBoolean().ShouldBeTrue();
    }
}

public sealed class RateLimitTests(RateLimitTests.App app) : IClassFixture<RateLimitTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimiting:AccountPermitsPerMinute"] = "3",
        };
    }

    [Fact]
    public async Task Repeated_sign_in_attempts_are_throttled_with_429_and_Retry_After()
    {
        var client = app.CreateClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await client.PostAsJsonAsync("/api/membership/account/sign-in", new { email = "guess@example.org", password = "guess guess guess" })).ProblemAsync(401);
        }

        var throttled = await client.PostAsJsonAsync("/api/membership/account/sign-in", new { email = "guess@example.org", password = "guess guess guess" });
        await throttled.ProblemAsync(429);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
    }
}
