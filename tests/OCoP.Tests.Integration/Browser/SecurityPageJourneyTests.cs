using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 18's pages beside the API: two-factor set up, used and turned off on /account/security (the test computes the
/// codes as a phone's authenticator app would, from the key the page shows), and the complete personal-data export asked
/// for and downloaded from the profile page.
/// </summary>
public sealed class SecurityPageJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_turns_two_factor_on_from_the_page_signs_in_with_a_code_and_turns_it_off_with_the_password()
    {
        var member = await app.RegisterConfirmedAsync("Tess Twofactor");
        var page = await app.SignedInPageAsync(member);

        await page.GotoAuditedAsync("/account/security");
        await Expect(page.GetByText("Two-factor sign-in is off")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Expect(page.Locator(".qr-code svg")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Trim();

        // A wrong code is refused at the field and the set-up stays; the app's code turns it on and shows ten recovery codes.
        await page.GetByLabel("Code from your authenticator app").FillAsync("000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn two-factor sign-in on" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("not the one your authenticator app shows");
        (await page.Locator("#authenticator-key").InnerTextAsync()).Trim().ShouldBe(key, "a refused code keeps the key being set up");
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn two-factor sign-in on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await Expect(page.GetByText("Recovery codes left: 10")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Signed out, the password alone is not enough: the sign-in page asks for the code.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mail address").FillAsync(member.Email);
        await page.GetByLabel("Password").FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Code from your authenticator app")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Password").FillAsync(member.Password);
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        // Turning it off asks for the password: a wrong one is refused at its field.
        await page.GotoAsync("/account/security");
        await page.GetByLabel("Your password, to turn two-factor sign-in off").FillAsync("not the pass phrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn two-factor sign-in off" }).ClickAsync();
        await Expect(page.Locator(".field-error", new() { HasTextString = "The password is not right" })).ToBeVisibleAsync();
        await page.GetByLabel("Your password, to turn two-factor sign-in off").FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn two-factor sign-in off" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Two-factor sign-in is off.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_asks_for_the_complete_export_on_the_profile_page_and_downloads_the_zip_when_every_module_answered()
    {
        var member = await app.RegisterConfirmedAsync("Ezra Export");
        var page = await app.SignedInPageAsync(member);
        await page.GotoAuditedAsync("/account/profile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prepare a complete export" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your export is being prepared");

        // The modules answer in the background; the page says so until the link is there.
        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download the zip" });
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await download.CountAsync() == 1;
        }, "every module to answer the export");
        await page.ShouldHaveNoSeriousViolationsAsync();

        var zip = await page.Context.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
        zip.Status.ShouldBe(200);
        zip.Headers["content-type"].ShouldBe("application/zip");
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(await zip.BodyAsync()));
        archive.Entries.Select(e => e.FullName).ShouldContain(n => n.Contains("membership", StringComparison.Ordinal));
        archive.Entries.Count.ShouldBeGreaterThanOrEqualTo(5);
    }
}
