using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OCoP.Modules.Membership;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Browser;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// Sign-in with an external OpenID Connect provider (issue 18 item 6), end to end against a real provider: OpenIddict's
/// server runs in the test process on its own port, the platform on real Kestrel on another, and Chromium clicks
/// "Sign in with Test IdP" and follows the redirects between the two (authorization code with PKCE, the ID token signed
/// and checked, the client secret sent to the token endpoint).
/// </summary>
public sealed class ExternalSignInTests(ExternalSignInTests.App app) : IClassFixture<ExternalSignInTests.App>
{
    [Fact]
    public async Task A_new_person_signing_in_with_the_provider_becomes_a_confirmed_member_with_its_address_and_name()
    {
        var email = Members.NewEmail("oidc-new");
        app.Provider.User = new ProviderUser(Guid.NewGuid().ToString("N"), email, EmailVerified: true, "Olive Provider");

        var page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"), Slow);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out (Olive Provider)" })).ToBeAttachedAsync();

        // The session is a member's session: the API knows them, with the provider's verified address and name.
        var me = await page.Context.APIRequest.GetAsync("/api/membership/members/me");
        me.Status.ShouldBe(200);
        var profile = JsonDocument.Parse(await me.TextAsync()).RootElement;
        profile.GetProperty("email").GetString().ShouldBe(email);
        profile.GetProperty("displayName").GetString().ShouldBe("Olive Provider");
        var memberId = profile.GetProperty("id").GetGuid();

        // Registered like any member: the same integration event reached the other modules.
        await MemberEventsProbe.WaitForAsync<MemberRegistered>(r => r.MemberId == memberId);

        // Confirmed: the address cannot be registered again, and the confirmation page has nothing to send.
        using var anonymous = app.CreateClient();
        var again = await anonymous.PostAsJsonAsync("/api/membership/account/register",
            new { email, password = Members.Password, displayName = "Someone Else" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_with_the_same_address_is_linked_not_duplicated_and_sees_the_provider_on_the_security_page()
    {
        var member = await app.RegisterConfirmedAsync("Lena Linked");
        var subject = Guid.NewGuid().ToString("N");
        app.Provider.User = new ProviderUser(subject, member.Email.ToUpperInvariant(), EmailVerified: true, "Lena At The Provider");

        var page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"), Slow);
        (await MyIdAsync(page)).ShouldBe(member.Id, "the existing member is signed in, not a new one");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out (Lena Linked)" })).ToBeAttachedAsync();

        // The link shows on the security page, with an Unlink button (the member still has a password).
        await page.GotoAsync("/account/security");
        var providers = page.GetByRole(AriaRole.List, new() { Name = "Your sign-in providers" });
        await Expect(providers).ToContainTextAsync("Test IdP");
        await Expect(providers.GetByRole(AriaRole.Button, new() { Name = "Unlink Test IdP" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.Context.CloseAsync();

        // Linked by the provider's subject: a new address at the provider still signs in the same member.
        app.Provider.User = new ProviderUser(subject, Members.NewEmail("changed"), EmailVerified: true, "Lena Renamed");
        page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"), Slow);
        (await MyIdAsync(page)).ShouldBe(member.Id);

        // Both the link and the sign-ins are in the security audit log.
        await using (var session = app.Services.GetRequiredService<IMembershipStore>().QuerySession())
        {
            var audit = await session.Query<SecurityEvent>().Where(e => e.MemberId == member.Id).ToListAsync(TestContext.Current.CancellationToken);
            audit.ShouldContain(e => e.Kind == SecurityEventKind.ExternalSignInLinked && e.Detail == "Test IdP");
            audit.Count(e => e.Kind == SecurityEventKind.SignedIn && e.Detail == "provider Test IdP").ShouldBe(2);
        }

        // Unlinked, the provider's subject is nobody's any more: its next sign-in (now with a verified address of its own)
        // makes a new member instead of reaching this one.
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlink Test IdP" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Provider unlinked");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Your sign-in providers" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"), Slow);
        (await MyIdAsync(page)).ShouldNotBe(member.Id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_address_the_provider_has_not_verified_is_refused_on_the_sign_in_page_and_no_member_is_made()
    {
        var email = Members.NewEmail("oidc-unverified");
        app.Provider.User = new ProviderUser(Guid.NewGuid().ToString("N"), email, EmailVerified: false, "Una Verified");

        var page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/sign-in$"), Slow);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Test IdP did not confirm that your e-mail address is verified");
        app.Provider.SignedIn.ShouldContain(app.Provider.User.Subject, "the browser went to the provider and came back");
        (await page.Context.APIRequest.GetAsync("/api/membership/members/me")).Status.ShouldBe(401);
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.Context.CloseAsync();

        // No account holds the address: it can still be registered.
        using var anonymous = app.CreateClient();
        var registered = await anonymous.PostAsJsonAsync("/api/membership/account/register",
            new { email, password = Members.Password, displayName = "Una Verified" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_member_who_has_only_the_provider_cannot_unlink_it_and_the_export_names_it()
    {
        app.Provider.User = new ProviderUser(Guid.NewGuid().ToString("N"), Members.NewEmail("oidc-only"), EmailVerified: true, "Ola Only");
        var page = await SignInWithProviderAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"), Slow);
        await page.GotoAsync("/account/security");
        var providers = page.GetByRole(AriaRole.List, new() { Name = "Your sign-in providers" });
        await Expect(providers).ToContainTextAsync("Test IdP");
        await Expect(providers.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(providers).ToContainTextAsync("Your only way to sign in");

        // The export names the provider (not its subject, no token).
        var origin = new Dictionary<string, string> { ["Origin"] = app.Url("") };
        var requested = await page.Context.APIRequest.PostAsync("/api/membership/members/me/exports", new() { Headers = origin });
        requested.Status.ShouldBe(202, await requested.TextAsync());
        var progress = requested.Headers["location"];
        var status = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            status = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync(progress)).TextAsync()).RootElement.Clone();
            return status.GetProperty("complete").GetBoolean();
        }, "every module's answer to the export", TimeSpan.FromSeconds(60));
        var download = await page.Context.APIRequest.GetAsync(status.GetProperty("download").GetString()!);
        download.Status.ShouldBe(200);
        using var zip = new ZipArchive(new MemoryStream(await download.BodyAsync()));
        using var membership = JsonDocument.Parse(zip.GetEntry("membership.json")!.Open());
        var linked = membership.RootElement.GetProperty("profile").GetProperty("externalSignIns");
        linked.GetArrayLength().ShouldBe(1);
        linked[0].GetProperty("provider").GetString().ShouldBe("Test IdP");
        membership.RootElement.GetRawText().ShouldNotContain(app.Provider.User.Subject);
        await page.Context.CloseAsync();
    }

    /// <summary>The round trip through the provider: generous on a loaded machine (the first one also fetches its metadata).</summary>
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 60_000 };

    private async Task<IPage> SignInWithProviderAsync()
    {
        var page = await app.NewPageAsync();
        page.SetDefaultNavigationTimeout(60_000);
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test IdP" }).ClickAsync(new() { Timeout = 60_000 });
        return page;
    }

    private static async Task<Guid> MyIdAsync(IPage page)
    {
        var me = await page.Context.APIRequest.GetAsync("/api/membership/members/me");
        me.Status.ShouldBe(200);
        return JsonDocument.Parse(await me.TextAsync()).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The platform on Kestrel with one provider configured ("testidp"), pointed at the test provider.</summary>
    public sealed class App : BrowserApp
    {
        public TestOpenIdProvider Provider { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:ExternalSignIn:testidp:DisplayName"] = "Test IdP",
            ["Membership:ExternalSignIn:testidp:Authority"] = Provider.Authority,
            ["Membership:ExternalSignIn:testidp:ClientId"] = TestOpenIdProvider.ClientId,
            ["Membership:ExternalSignIn:testidp:ClientSecret"] = TestOpenIdProvider.ClientSecret,
        };

        protected override async Task StartAsync()
        {
            // The provider first: the platform reads its discovery document's address from the settings above.
            await Provider.StartAsync(Url("/signin-oidc-testidp"));
            await base.StartAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await CleanUpAsync("stop the test OpenID provider", () => Provider.DisposeAsync().AsTask());
        }
    }
}
