using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Passkeys end to end (issue 18, item 6): Chromium's own WebAuthn code with a virtual authenticator (DevTools'
/// WebAuthn domain, the way browser vendors test it) makes and uses a real key pair; the server checks it with ASP.NET
/// Core Identity. The pages are served on http://localhost, not 127.0.0.1: an IP address cannot be a WebAuthn RP id.
/// </summary>
public sealed class PasskeyJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_adds_a_passkey_signs_in_with_it_alone_and_after_removing_it_is_refused()
    {
        var member = await app.RegisterConfirmedAsync("Pat Passkey");
        var origin = app.Url("").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin });
        var page = await context.NewPageAsync();
        // Deadlines, not timings: a fresh host's first page on a loaded 2-core machine (two suites at once) took over 15 s.
        page.SetDefaultTimeout(30_000);
        page.SetDefaultNavigationTimeout(60_000);
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };

        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        // Signed in with the password, the member adds a passkey on the security page.
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mail address").FillAsync(member.Email);
        await page.GetByLabel("Password").FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await page.GotoAuditedAsync("/account/security");
        await Expect(page.GetByText("No passkeys yet.")).ToBeVisibleAsync();
        await page.GetByLabel("Name of the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey \"Test laptop\" added");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Your passkeys" })).ToContainTextAsync("Test laptop");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Signed out, the passkey alone signs in: no address, no password.
        await context.ClearCookiesAsync();
        await page.GotoAuditedAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out (Pat Passkey)" })).ToBeAttachedAsync();
        var passkeys = await context.APIRequest.GetAsync("/api/membership/account/passkeys");
        passkeys.Status.ShouldBe(200);
        var listed = JsonDocument.Parse(await passkeys.TextAsync()).RootElement.GetProperty("items");
        listed.GetArrayLength().ShouldBe(1);
        listed[0].GetProperty("name").GetString().ShouldBe("Test laptop");
        listed[0].GetProperty("lastUsedAt").ValueKind.ShouldBe(JsonValueKind.String, "a sign-in with the passkey records when it was used");

        // Removed, the same key (still on the authenticator) signs in no more.
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Test laptop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey removed.");
        await Expect(page.GetByText("No passkeys yet.")).ToBeVisibleAsync();
        await context.ClearCookiesAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("This passkey is not one we know.");
        await page.ShouldHaveNoSeriousViolationsAsync();
        (await context.APIRequest.GetAsync("/api/membership/account/passkeys")).Status.ShouldBe(401);

        consoleErrors.ShouldBeEmpty();
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_passkey_api_refuses_a_made_up_credential_with_a_field_error_and_anonymous_callers()
    {
        var member = await app.RegisterConfirmedAsync("Quinn Keys");
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/membership/account/passkeys")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        var options = await member.Session.PostAsync("/api/membership/account/passkeys/creation-options", null);
        options.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var creation = JsonDocument.Parse(await options.Content.ReadAsStringAsync()).RootElement;
        creation.GetProperty("challenge").GetString().ShouldNotBeNullOrEmpty();
        creation.GetProperty("user").GetProperty("name").GetString().ShouldBe(member.Email);

        var refused = await member.Session.PostAsJsonAsync("/api/membership/account/passkeys",
            new { credential = "{\"id\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}", name = "Fake" });
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty("credential", out _).ShouldBeTrue();

        var signIn = await anonymous.PostAsJsonAsync("/api/membership/account/passkeys/sign-in", new { credential = "" });
        signIn.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);

        // Text that is not a credential at all (the fuzz test once got a 500 for it) is bad input at its field, both ways.
        foreach (var (client, url) in new[] { (member.Session, "/api/membership/account/passkeys"), (anonymous, "/api/membership/account/passkeys/sign-in") })
        {
            var notJson = await client.PostAsJsonAsync(url, new { credential = "Inquiry science" });
            notJson.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest, url);
            JsonDocument.Parse(await notJson.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("credential", out _).ShouldBeTrue(url);
        }

        // A JSON object with none of a credential's fields (the one-hour fuzz run got a 500 for it), with and without
        // the options asked for first.
        var stranger = await app.RegisterConfirmedAsync("Rowan Keys");
        foreach (var (client, url) in new[]
                 {
                     (member.Session, "/api/membership/account/passkeys"), (stranger.Session, "/api/membership/account/passkeys"),
                     (anonymous, "/api/membership/account/passkeys/sign-in"),
                 })
        {
            var bare = await client.PostAsJsonAsync(url, new { credential = "{\"a\":1}" });
            var body = await bare.Content.ReadAsStringAsync();
            bare.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest, $"{url}: {body}");
            JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("credential", out _).ShouldBeTrue(url);
        }
    }
}
