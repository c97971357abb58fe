using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

public sealed partial class MemberJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_newcomer_registers_confirms_by_the_emailed_link_signs_in_edits_the_profile_and_is_found_in_the_directory()
    {
        var page = await app.NewPageAsync();
        var email = Members.NewEmail("newcomer");
        var expertise = $"lesson-study-{Guid.NewGuid():N}"[..24];

        // Register through the form; a weak password first is refused, and nothing typed is lost.
        await page.GotoAuditedAsync("/account/register");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Display name").FillAsync("Noor Haddad");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Expect(page.Locator("#password-error")).ToContainTextAsync("at least 10");
        await Expect(page.GetByLabel("E-mail address")).ToHaveValueAsync(email);
        await Expect(page.GetByLabel("Display name")).ToHaveValueAsync("Noor Haddad");
        await page.ShouldHaveNoSeriousViolationsAsync();

        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Follow the link from the e-mail the real SMTP server received.
        var mail = await app.Smtp.WaitForMessageAsync(email, "Confirm your e-mail");
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        link.ShouldStartWith(app.Url("/account/confirm?"));
        await page.GotoAuditedAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();
        await Expect(page.GetByText("Your address is confirmed")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Sign in; a protected page sends us back to where we wanted to go.
        await page.GotoAsync("/account/profile");
        await Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url("/account/profile"));
        await Expect(page.GetByLabel("About me")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Edit the profile.
        await page.GetByLabel("About me").FillAsync("Teaches maths; runs lesson study with colleagues.");
        await page.GetByLabel("Expertise").FillAsync($"{expertise}, Mathematics");
        await page.GetByLabel("Time zone").FillAsync("Asia/Amman");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Profile saved.");
        await Expect(page.GetByLabel("Expertise")).ToHaveValueAsync($"{expertise}, mathematics");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Find the member in the directory by expertise, and open the profile.
        await page.GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url("/members"));
        await Expect(page.GetByLabel("Expertise", new() { Exact = true })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GetByLabel("Expertise", new() { Exact = true }).FillAsync(expertise);
        await page.Locator("#main").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var results = page.GetByRole(AriaRole.List, new() { Name = "Members found" });
        await Expect(results.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Noor Haddad" })).ToHaveCountAsync(1);
        await page.ShouldHaveNoSeriousViolationsAsync();
        await results.GetByRole(AriaRole.Link, new() { Name = "Noor Haddad" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Noor Haddad", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Teaches maths")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
