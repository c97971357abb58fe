using System.Net;
using System.Net.Http.Json;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

public sealed class AccountTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Registering_e_mails_a_link_that_confirms_the_address_and_then_sign_in_works()
    {
        var session = app.CreateSession();
        var email = Members.NewEmail("ada");
        var registered = await session.PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName = "Ada" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var memberId = (await registered.JsonAsync()).GetProperty("memberId").GetGuid();
        registered.Headers.Location!.ToString().ShouldBe($"/api/membership/members/{memberId}");

        // Before confirming, the account exists but may not sign in.
        var early = await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email, password = Members.Password });
        (await early.ProblemAsync(403)).GetProperty("detail").GetString()!.ShouldContain("Confirm your e-mail");

        var (linkMember, token) = await Members.ConfirmationLinkAsync(app, email);
        linkMember.ShouldBe(memberId);
        (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = email.ToUpperInvariant(), password = Members.Password }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var me = await (await session.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("id").GetGuid().ShouldBe(memberId);
        me.GetProperty("displayName").GetString().ShouldBe("Ada");

        var published = await MemberEventsProbe.WaitForAsync<MemberRegistered>(e => e.MemberId == memberId);
        published.DisplayName.ShouldBe("Ada");

        (await session.PostAsync("/api/membership/account/sign-out", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await session.GetAsync("/api/membership/members/me")).ProblemAsync(401);
    }

    [Fact]
    public async Task A_tampered_confirmation_token_is_refused_with_a_field_error()
    {
        var session = app.CreateSession();
        var email = Members.NewEmail();
        var registered = await session.PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName = "Tamper" });
        var memberId = (await registered.JsonAsync()).GetProperty("memberId").GetGuid();
        var (_, token) = await Members.ConfirmationLinkAsync(app, email);

        var problem = await (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token = token + "x" })).ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["token"]);
    }

    [Fact]
    public async Task Malformed_registration_gets_field_errors_and_creates_nothing()
    {
        var client = app.CreateClient();
        var problem = await (await client.PostAsJsonAsync("/api/membership/account/register", new { email = "not-an-address", password = "", displayName = "" }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["displayName", "email", "password"]);

        var missing = await (await client.PostAsJsonAsync("/api/membership/account/register", new { })).ProblemAsync(400);
        missing.ErrorFields().ShouldContain("email");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task A_weak_password_is_refused_with_a_password_error(string password)
    {
        var email = Members.NewEmail();
        var problem = await (await app.CreateClient().PostAsJsonAsync("/api/membership/account/register", new { email, password, displayName = "Weak" }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["password"]);

        // Nothing was created: the same address registers fine with a good password.
        (await app.CreateClient().PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName = "Weak" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_second_account_with_the_same_address_in_any_case_is_a_conflict()
    {
        var email = Members.NewEmail();
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName = "First" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/membership/account/register", new { email = email.ToUpperInvariant(), password = Members.Password, displayName = "Second" }))
            .ProblemAsync(409);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await app.CreateClient().PostAsync("/api/membership/account/register",
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        await response.ProblemAsync(400);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var huge = new string('x', 5 * 1024 * 1024);
        var response = await app.CreateClient().PostAsJsonAsync("/api/membership/account/register", new { email = "a@example.org", password = huge, displayName = "Big" });
        await response.ProblemAsync(413);
    }

    [Fact]
    public async Task A_wrong_password_is_401_and_five_failures_lock_the_account_until_a_password_reset()
    {
        var member = await app.RegisterConfirmedAsync("Locky");
        var session = app.CreateSession();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = "wrong password here" })).ProblemAsync(401);
        }

        await (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = "wrong password here" })).ProblemAsync(423);
        // Locked: even the right password is refused now.
        await (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password })).ProblemAsync(423);

        (await session.PostAsJsonAsync("/api/membership/account/forgot-password", new { email = member.Email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var token = await Members.ResetTokenAsync(app, member.Email);
        const string newPassword = "another long pass phrase";
        (await session.PostAsJsonAsync("/api/membership/account/reset-password", new { email = member.Email, token, newPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password })).ProblemAsync(401);
        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = newPassword })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The reset link works once.
        var again = await (await session.PostAsJsonAsync("/api/membership/account/reset-password", new { email = member.Email, token, newPassword = "yet another pass phrase" }))
            .ProblemAsync(400);
        again.ErrorFields().ShouldBe(["token"]);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing()
    {
        var email = Members.NewEmail("nobody");
        (await app.CreateClient().PostAsJsonAsync("/api/membership/account/forgot-password", new { email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        app.Smtp.Messages(email).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reset_with_a_weak_new_password_names_the_field()
    {
        var member = await app.RegisterConfirmedAsync("Resetter");
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/membership/account/forgot-password", new { email = member.Email });
        var token = await Members.ResetTokenAsync(app, member.Email);
        var problem = await (await client.PostAsJsonAsync("/api/membership/account/reset-password", new { email = member.Email, token, newPassword = "short" }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["newPassword"]);
    }

    [Fact]
    public async Task Member_endpoints_answer_401_problems_to_anonymous_callers()
    {
        var client = app.CreateClient();
        foreach (var url in new[] { "/api/membership/members/me", "/api/membership/members", "/api/membership/tokens", $"/api/membership/members/{Guid.NewGuid()}" })
        {
            await (await client.GetAsync(url)).ProblemAsync(401);
        }
    }
}
