using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

public sealed class DemoCommunityTests(DemoCommunityTests.App app) : IClassFixture<DemoCommunityTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
    }

    [Fact]
    public async Task The_demo_community_is_seeded_once_and_its_members_can_sign_in()
    {
        var session = app.CreateSession();
        (await session.PostAsJsonAsync("/api/account/sign-in", new { email = "amara@demo.ocop.localhost", password = "demo pass phrase" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var me = await (await session.GetAsync("/api/members/me")).JsonAsync();
        me.GetProperty("isSiteAdministrator").GetBoolean().ShouldBeTrue();

        var coaches = await (await session.GetAsync("/api/members?expertise=coaching")).JsonAsync();
        coaches.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString())
            .ShouldBe(["Chloé Martin", "Farid Haddad"]);

        // Starting the seeder again (a restart) adds nobody.
        var seeder = app.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "DemoMembers");
        await seeder.StartAsync(TestContext.Current.CancellationToken);
        var everyone = await (await session.GetAsync("/api/members?limit=100")).JsonAsync();
        everyone.GetProperty("items").GetArrayLength().ShouldBe(8);
    }
}
