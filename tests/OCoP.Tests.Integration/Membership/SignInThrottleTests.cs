using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// Sign-in is throttled per account beside the per-address limit (issue 18, item 6): after the quota, attempts for that
/// account get a 429 naming its policy, the same whether an account has the address or not; other accounts are not
/// affected. And the most common passwords are refused where a password is chosen.
/// </summary>
public sealed class SignInThrottleTests(SignInThrottleTests.ThrottledApp app) : IClassFixture<SignInThrottleTests.ThrottledApp>
{
    [Fact]
    public async Task Attempts_beyond_the_per_account_quota_are_429_for_that_account_only_whether_it_exists_or_not()
    {
        var member = await app.RegisterConfirmedAsync("Throttled Member");
        var unknown = Members.NewEmail("nobody");

        foreach (var email in new[] { member.Email, unknown })
        {
            // The member signed in once while registering: that attempt counted too.
            for (var attempt = email == member.Email ? 1 : 0; attempt < 3; attempt++)
            {
                var refused = await app.CreateClient().PostAsJsonAsync(TokensApi.SignIn, new { email, password = "not the pass phrase" });
                refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, email);
            }

            var throttled = await app.CreateClient().PostAsJsonAsync(TokensApi.SignIn, new { email = email.ToUpperInvariant(), password = "not the pass phrase" });
            var problem = await throttled.ProblemAsync(429);
            problem.GetProperty("title").GetString().ShouldBe("Too many sign-in attempts");
            throttled.Headers.RetryAfter.ShouldNotBeNull();
            throttled.Headers.GetValues("RateLimit-Policy").Single().ShouldContain("sign-in-account");
        }

        // Another account, from the same address, still signs in.
        var other = await app.RegisterConfirmedAsync("Unthrottled Member");
        (await app.CreateClient().PostAsJsonAsync(TokensApi.SignIn, new { email = other.Email, password = other.Password })).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("qwertyuiop")]
    [InlineData("Password1234")]
    public async Task A_common_password_is_refused_at_registration_with_a_clear_message(string password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/membership/account/register",
            new { email = Members.NewEmail("common"), password, displayName = "Common Chooser" });

        var problem = await response.ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["password"]);
        problem.GetProperty("errors").GetProperty("password")[0].GetString()!.ShouldContain("most common passwords");
    }

    public sealed class ThrottledApp : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SignInAttemptsPerAccountPerMinute"] = "3",
        };
    }
}
