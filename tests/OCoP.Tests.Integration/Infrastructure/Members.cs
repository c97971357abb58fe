using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Web;

namespace OCoP.Tests.Integration.Infrastructure;

public sealed record TestMember(Guid Id, string Email, string Password, string DisplayName, HttpClient Session);

internal static partial class Members
{
    public const string Password = "a long and quiet pass phrase";

    public static string NewEmail(string who = "member") => $"{who}-{Guid.NewGuid():N}@example.org";

    /// <summary>Registers through the API, confirms with the link from the real e-mail, and signs in.</summary>
    public static async Task<TestMember> RegisterConfirmedAsync(this OCoPApp app, string displayName = "Test Member")
    {
        var session = app.CreateSession();
        var email = NewEmail();
        var registered = await session.PostAsJsonAsync("/api/membership/account/register", new { email, password = Password, displayName });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var memberId = (await registered.Content.ReadFromJsonAsync<RegisteredBody>())!.MemberId;

        var (linkMember, token) = await ConfirmationLinkAsync(app, email);
        linkMember.ShouldBe(memberId);
        (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email, password = Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return new TestMember(memberId, email, Password, displayName, session);
    }

    public static async Task<(Guid MemberId, string Token)> ConfirmationLinkAsync(OCoPApp app, string email)
    {
        var mail = await app.Smtp.WaitForMessageAsync(email, "Confirm your e-mail");
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        link.AbsolutePath.ShouldBe("/account/confirm");
        var query = HttpUtility.ParseQueryString(link.Query);
        return (Guid.Parse(query["member"]!), query["token"]!);
    }

    public static async Task<string> ResetTokenAsync(OCoPApp app, string email)
    {
        var mail = await app.Smtp.WaitForMessageAsync(email, "Reset your");
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        link.AbsolutePath.ShouldBe("/account/reset-password");
        return HttpUtility.ParseQueryString(link.Query)["token"]!;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    private sealed record RegisteredBody(Guid MemberId);
}
