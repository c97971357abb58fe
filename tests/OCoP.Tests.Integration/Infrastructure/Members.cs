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

    /// <summary>
    /// Registers through the API, confirms with the link from the real e-mail, and signs in; returns once every module
    /// has handled the registration and the confirmation, so the member's name, time zone and address are known
    /// everywhere before the test uses them (no test sees "Former member" because a module learnt the name late).
    /// </summary>
    public static async Task<TestMember> RegisterConfirmedAsync(this OCoPApp app, string displayName = "Test Member")
    {
        var session = app.CreateSession();
        var email = NewEmail();
        var registered = await session.PostAsJsonAsync("/api/membership/account/register", new { email, password = Password, displayName });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var memberId = (await registered.Content.ReadFromJsonAsync<RegisteredBody>())!.MemberId;

        var (linkMember, token) = await ConfirmationLinkAsync(app, email, memberId);
        linkMember.ShouldBe(memberId);
        (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email, password = Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await app.MessagesHandledAsync(memberId, $"the registration of {displayName}");
        return new TestMember(memberId, email, Password, displayName, session);
    }

    /// <summary>
    /// The link in the confirmation e-mail. E-mail arrives a moment after the registration answered, and a fixed address
    /// (a configured administrator) has older e-mails from other runs in the shared Maildir: given the member's id, this
    /// waits for the e-mail for that member.
    /// </summary>
    public static async Task<(Guid MemberId, string Token)> ConfirmationLinkAsync(OCoPApp app, string email, Guid? memberId = null)
    {
        (Guid MemberId, string Token)? found = null;
        await Eventually.TrueAsync(() =>
        {
            foreach (var mail in app.Smtp.Messages(email).Where(m => (m.Subject ?? "").Contains("Confirm your e-mail", StringComparison.OrdinalIgnoreCase))
                         .OrderByDescending(m => m.Date))
            {
                var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
                link.AbsolutePath.ShouldBe("/account/confirm");
                var query = HttpUtility.ParseQueryString(link.Query);
                var member = Guid.Parse(query["member"]!);
                if (memberId is null || member == memberId)
                {
                    found = (member, query["token"]!);
                    return Task.FromResult(true);
                }
            }

            return Task.FromResult(false);
        }, $"the confirmation e-mail to {email}", TimeSpan.FromSeconds(60));
        return found!.Value;
    }

    /// <summary>The member id a registration answered with.</summary>
    public static async Task<Guid> RegisteredIdAsync(this HttpResponseMessage registered)
    {
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        return (await registered.Content.ReadFromJsonAsync<RegisteredBody>())!.MemberId;
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
