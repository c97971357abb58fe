using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Groups;

public sealed class DormancyTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_group_quiet_for_ninety_days_turns_dormant_its_leaders_are_told_and_a_facilitator_reactivates_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Quiet Sponsor");
        var quiet = await sponsor.CreateGroupAsync("Quiet Circle");

        // 89 days: still active.
        await SweepAtAsync(TimeSpan.FromDays(89));
        (await app.CreateClient().GroupAsync(quiet)).GetProperty("status").GetString().ShouldBe("Active");

        // 91 days without any activity: dormant, and the sponsor (also facilitator) gets an e-mail.
        var lively = Guid.Empty;
        app.Clock.Advance(TimeSpan.FromDays(91));
        try
        {
            // A group with recent activity is left alone.
            (await sponsor.Session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = sponsor.Email, password = sponsor.Password })).EnsureSuccessStatusCode();
            lively = await sponsor.CreateGroupAsync("Lively Circle");
            await InvokeAsync(new DormancyHandler.SweepDormantGroups(90));
            await MemberEventsProbe.WaitForAsync<GroupStatusChanged>(e => e.GroupId == quiet && e.Status == GroupStatus.Dormant);
            (await app.CreateClient().GroupAsync(quiet)).GetProperty("status").GetString().ShouldBe("Dormant");
            (await app.CreateClient().GroupAsync(lively)).GetProperty("status").GetString().ShouldBe("Active");

            var notice = await app.Smtp.WaitForMessageAsync(sponsor.Email, "has gone quiet");
            notice.TextBody!.ShouldContain("dormant");

            (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{quiet}/status", new { status = "Active" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await app.CreateClient().GroupAsync(quiet)).GetProperty("status").GetString().ShouldBe("Active");
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromDays(91));
        }

        MemberEventsProbe.All<GroupStatusChanged>(e => e.GroupId == lively).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dormancy_cannot_be_set_by_hand()
    {
        var sponsor = await app.RegisterConfirmedAsync("Impatient");
        var group = await sponsor.CreateGroupAsync();
        (await (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/status", new { status = "Dormant" })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["status"]);
    }

    private async Task SweepAtAsync(TimeSpan later)
    {
        app.Clock.Advance(later);
        try
        {
            await InvokeAsync(new DormancyHandler.SweepDormantGroups(90));
        }
        finally
        {
            app.Clock.Advance(-later);
        }
    }

    private async Task InvokeAsync(object message)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, TestContext.Current.CancellationToken);
    }
}
