using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Membership.Audit;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// The security audit log (issue 18, item 9): sign-ins and failures, password changes, tokens created and revoked are
/// recorded with the member and address; only site administrators read it; events older than a year are pruned.
/// </summary>
public sealed class AuditLogTests(AuditLogTests.App app) : IClassFixture<AuditLogTests.App>
{
    public sealed class App : OCoPApp
    {
        public string AdministratorEmail { get; } = $"audit-admin-{Guid.NewGuid():N}@example.org";

        /// <summary>The tests of this class share the host, so the administrator registers once, in whichever runs first.</summary>
        public bool AdministratorRegistered { get; set; }

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SiteAdministrators:0"] = AdministratorEmail,
        };
    }

    [Fact]
    public async Task Security_events_are_recorded_read_by_administrators_only_and_pruned_after_a_year()
    {
        var administrator = await SignedInAdministratorAsync();
        var member = await app.RegisterConfirmedAsync("Audited Member");
        await (await app.CreateClient().PostAsJsonAsync(TokensApi.SignIn, new { email = member.Email, password = "not the pass phrase" })).ProblemAsync(401);
        var (tokenId, _) = await member.CreateTokenAsync(["read"]);
        (await member.RevokeTokenAsync(tokenId)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.Session.PostAsJsonAsync("/api/membership/account/password",
            new { currentPassword = member.Password, newPassword = "another long and quiet pass phrase" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var kinds = (await EventsAsync(administrator, member.Id)).Select(e => e.GetProperty("kind").GetString()).ToList();
        // Newest first.
        kinds.ShouldBe(["PasswordChanged", "TokenRevoked", "TokenCreated", "SignInFailed", "SignedIn"]);
        var failure = (await EventsAsync(administrator, member.Id)).Single(e => e.GetProperty("kind").GetString() == "SignInFailed");
        failure.GetProperty("email").GetString().ShouldBe(member.Email);
        failure.GetProperty("detail").GetString().ShouldBe("wrong password");

        // Pages of one follow each other without repeats.
        var first = await (await administrator.GetAsync($"/api/membership/audit?memberId={member.Id}&limit=2")).JsonAsync();
        var next = first.GetProperty("nextCursor").GetString()!;
        var second = await (await administrator.GetAsync($"/api/membership/audit?memberId={member.Id}&limit=2&cursor={Uri.EscapeDataString(next)}")).JsonAsync();
        second.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldBe(["TokenCreated", "SignInFailed"]);

        await (await member.Session.GetAsync("/api/membership/audit")).ProblemAsync(403);
        await (await app.CreateClient().GetAsync("/api/membership/audit")).ProblemAsync(401);

        // A year and a day later the pruning job forgets them (the job's message, sent now rather than waiting for its day).
        app.Clock.Advance(TimeSpan.FromDays(366));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new AuditPruningHandler.PruneSecurityEvents(365),
                TestContext.Current.CancellationToken);
        }

        administrator = await SignedInAdministratorAsync(); // the old cookie expired with the year
        (await EventsAsync(administrator, member.Id)).ShouldBeEmpty();
        (await EventsAsync(administrator, null)).ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("SignedIn", "today's sign-in stays");
    }

    [Fact]
    public async Task Group_role_changes_removals_and_bans_are_recorded_with_who_did_them()
    {
        var administrator = await SignedInAdministratorAsync();
        var sponsor = await app.RegisterConfirmedAsync("Audit Sponsor");
        var helper = await app.RegisterConfirmedAsync("Audit Helper");
        var troll = await app.RegisterConfirmedAsync("Audit Troll");
        var group = await sponsor.CreateGroupAsync($"Audited Group {Guid.NewGuid():N}"[..24]);
        (await helper.JoinAsync(group)).EnsureSuccessStatusCode();
        (await troll.JoinAsync(group)).EnsureSuccessStatusCode();

        (await sponsor.SetRolesAsync(group, helper.Id, "Facilitator")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sponsor.SetRolesAsync(group, helper.Id, "Facilitator")).StatusCode.ShouldBe(HttpStatusCode.OK); // no change, no entry
        (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/members/{troll.Id}/remove", new { reason = "Clause 1", ban = true }))
            .IsSuccessStatusCode.ShouldBeTrue();

        var roles = (await EventsAsync(administrator, helper.Id)).Where(e => e.GetProperty("kind").GetString() == "GroupRolesChanged").ToList();
        var granted = roles.ShouldHaveSingleItem().GetProperty("detail").GetString()!;
        granted.ShouldContain("granted [Facilitator]");
        granted.ShouldContain(sponsor.Id.ToString());
        var ban = (await EventsAsync(administrator, troll.Id)).Single(e => e.GetProperty("kind").GetString() == "GroupMemberBanned");
        ban.GetProperty("detail").GetString()!.ShouldContain("Clause 1");
    }

    private async Task<List<JsonElement>> EventsAsync(HttpClient administrator, Guid? memberId)
    {
        var response = await administrator.GetAsync($"/api/membership/audit?limit=100{(memberId is { } id ? $"&memberId={id}" : "")}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }

    private async Task<HttpClient> SignedInAdministratorAsync()
    {
        var session = app.CreateSession();
        if (!app.AdministratorRegistered)
        {
            app.AdministratorRegistered = true;
            var registered = await (await session.PostAsJsonAsync("/api/membership/account/register",
                new { email = app.AdministratorEmail, password = Members.Password, displayName = "Auditor" })).RegisteredIdAsync();
            var (memberId, token) = await Members.ConfirmationLinkAsync(app, app.AdministratorEmail, registered);
            (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await session.PostAsJsonAsync(TokensApi.SignIn, new { email = app.AdministratorEmail, password = Members.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return session;
    }
}
