using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Health;

/// <summary>Helpers of the workbench tests.</summary>
public static class HealthApi
{
    /// <summary>
    /// Signs in again on the member's session: a session cookie lasts 14 days, so tests that move the clock further sign
    /// in again, as a member would.
    /// </summary>
    public static async Task SignInAgainAsync(this TestMember member) =>
        (await member.Session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password }))
        .StatusCode.ShouldBe(HttpStatusCode.NoContent);
}
