using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// TOTP two-factor sign-in with recovery codes (RFC 6238, issue 18 item 6), end to end through the API with a real
/// authenticator computation; and changing the password (current one required, common ones refused).
/// </summary>
public sealed class TwoFactorTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    private const string TwoFactor = "/api/membership/account/two-factor";

    [Fact]
    public async Task With_two_factor_on_sign_in_needs_the_authenticator_code_or_a_recovery_code_used_once()
    {
        var member = await app.RegisterConfirmedAsync("Two Factor");
        var setup = await (await member.Session.PostAsync(TwoFactor + "/authenticator", null)).JsonAsync();
        var key = setup.GetProperty("sharedKey").GetString()!;
        setup.GetProperty("authenticatorUri").GetString()!.ShouldStartWith("otpauth://totp/");
        // Stored encrypted with the site's Data Protection keys: the member document alone does not hold the key.
        var stored = await StoredAuthenticatorKeyAsync(member.Id);
        stored.ShouldStartWith("dp1:");
        stored.ShouldNotContain(key);

        // A wrong code does not turn it on; the app's code does, and answers ten recovery codes.
        (await (await member.Session.PostAsJsonAsync(TwoFactor + "/enable", new { code = Wrong(Totp.Code(key, DateTimeOffset.UtcNow)) }))
            .ProblemAsync(400)).ErrorFields().ShouldBe(["code"]);
        var enabled = await member.Session.PostAsJsonAsync(TwoFactor + "/enable", new { code = Totp.Code(key, DateTimeOffset.UtcNow) });
        enabled.StatusCode.ShouldBe(HttpStatusCode.OK, await enabled.Content.ReadAsStringAsync());
        var codes = (await enabled.JsonAsync()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);
        var status = await (await member.Session.GetAsync(TwoFactor)).JsonAsync();
        status.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        status.GetProperty("recoveryCodesLeft").GetInt32().ShouldBe(10);

        // The password alone is no longer enough, and says which field is missing.
        var passwordOnly = await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password });
        var required = await passwordOnly.ProblemAsync(401);
        required.GetProperty("title").GetString().ShouldBe("Two-factor code required");
        required.ErrorFields().ShouldBe(["twoFactorCode"]);

        // A wrong password with a right code is still a wrong password.
        await (await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn,
            new { email = member.Email, password = "not the pass phrase", twoFactorCode = Totp.Code(key, DateTimeOffset.UtcNow) })).ProblemAsync(401);

        var wrongCode = await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn,
            new { email = member.Email, password = member.Password, twoFactorCode = "12345" });
        (await wrongCode.ProblemAsync(401)).ErrorFields().ShouldBe(["twoFactorCode"]);

        // The authenticator's code signs in: the session then reads the member's own data.
        var phone = app.CreateSession();
        var code = Totp.Code(key, DateTimeOffset.UtcNow);
        (await phone.PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password, twoFactorCode = code }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await phone.GetAsync(TokensApi.Me)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The same code, overheard or replayed, does not sign in a second time while it is still valid.
        var replayed = await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password, twoFactorCode = code });
        (await replayed.ProblemAsync(401)).ErrorFields().ShouldBe(["twoFactorCode"]);

        // A recovery code signs in once, in any case and with or without its dash; then it is used up.
        var recovery = codes[3];
        var lostPhone = app.CreateSession();
        (await lostPhone.PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password, recoveryCode = recovery.ToLowerInvariant() }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await lostPhone.GetAsync(TokensApi.Me)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password, recoveryCode = recovery }))
            .ProblemAsync(401);
        (await (await phone.GetAsync(TwoFactor)).JsonAsync()).GetProperty("recoveryCodesLeft").GetInt32().ShouldBe(9);

        // Turning it off needs the password; then the password alone signs in again.
        (await (await phone.PostAsJsonAsync(TwoFactor + "/disable", new { password = "not the pass phrase" })).ProblemAsync(400)).ErrorFields().ShouldBe(["password"]);
        (await phone.PostAsJsonAsync(TwoFactor + "/disable", new { password = member.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// <summary>A code no authenticator shows now: every digit moved by five.</summary>
    private static string Wrong(string code) => string.Concat(code.Select(c => (char)('0' + (c - '0' + 5) % 10)));

    [Fact]
    public async Task Two_factor_and_the_password_are_not_changed_with_a_personal_access_token()
    {
        var member = await app.RegisterConfirmedAsync("Token Holder");
        var (_, token) = await member.CreateTokenAsync(["read", "write"]);
        var bearer = app.CreateClient().WithBearer(token);

        await (await bearer.PostAsync(TwoFactor + "/authenticator", null)).ProblemAsync(403);
        await (await bearer.PostAsJsonAsync("/api/membership/account/password", new { currentPassword = member.Password, newPassword = "a brand new pass phrase" }))
            .ProblemAsync(403);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_refuses_common_ones_and_the_new_one_signs_in()
    {
        var member = await app.RegisterConfirmedAsync("Password Changer");
        const string next = "another long and quiet pass phrase";

        (await (await member.Session.PostAsJsonAsync("/api/membership/account/password", new { currentPassword = "not the pass phrase", newPassword = next }))
            .ProblemAsync(400)).ErrorFields().ShouldBe(["currentPassword"]);
        var common = await (await member.Session.PostAsJsonAsync("/api/membership/account/password", new { currentPassword = member.Password, newPassword = "1234567890" }))
            .ProblemAsync(400);
        common.ErrorFields().ShouldBe(["newPassword"]);
        common.GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(e => e.GetString()).ShouldContain(e => e!.Contains("most common passwords"));

        (await member.Session.PostAsJsonAsync("/api/membership/account/password", new { currentPassword = member.Password, newPassword = next }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.Session.GetAsync(TokensApi.Me)).StatusCode.ShouldBe(HttpStatusCode.OK, "this browser stays signed in");

        await (await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = member.Password })).ProblemAsync(401);
        (await app.CreateSession().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = next })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<string> StoredAuthenticatorKeyAsync(Guid memberId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("select data->>'AuthenticatorKey' from membership.mt_doc_member where id = @id", connection);
        command.Parameters.AddWithValue("id", memberId);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
